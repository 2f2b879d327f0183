/// Proposes the rules for plans a page marks up as schema.org microdata or RDFa: each item by its `itemprop`
/// or `itemtype` (or a class token), the name and the price by their `itemprop` (or RDFa `property`), the
/// price from its text or its machine-readable `content`.
struct MicrodataRuleWriter {
    let page: Page
    let plans: [PlanCandidate]

    /// `plans:` sections to try, most readable first.
    func candidates() -> [String] {
        let elements = plans.compactMap(\.elements)
        guard elements.count == plans.count,
            elements.allSatisfy({ page.contains($0.block, $0.name) && page.contains($0.block, $0.price) })
        else { return [] }
        let names = plans.map(\.name).prefix(4).joined(separator: ", ")
        var eaches: [SuggestedRule] = []
        for attribute in ["itemprop", "itemtype", "typeof"] {
            let values = Set(elements.map { page.attribute(attribute, of: $0.block) })
            guard values.count == 1, let value = values.first ?? nil, !value.isEmpty else { continue }
            eaches.append(
                SuggestedRule(
                    "//*[@\(attribute)=\(RuleWriter.literal(value))]",
                    "Each plan is an item marked \(attribute)=\"\(value)\" (\(names))."))
        }
        for token in RuleWriter.shared(elements.map(\.block), on: page).prefix(2) {
            eaches.append(
                SuggestedRule(
                    "//*[\(RuleWriter.hasClass(token))]", "Each plan is the item with class '\(token)' (\(names))."))
        }
        guard let name = property(of: elements.map(\.name)), let price = property(of: elements.map(\.price)) else {
            return []
        }
        let field = RuleWriter.mainField(of: plans)
        let nameRule = SuggestedRule(
            ".//*[@\(name.attribute)=\(RuleWriter.literal(name.value))]",
            "The plan's name: the item's \(name.attribute)=\"\(name.value)\" (\"\(plans[0].name)\").")
        let selector = ".//*[@\(price.attribute)=\(RuleWriter.literal(price.value))]"
        var prices = [
            SuggestedRule(
                selector, "The plan's price: the item's \(price.attribute)=\"\(price.value)\", as the page shows it.")
        ]
        if elements.allSatisfy({ page.attribute("content", of: $0.price) != nil }) {
            prices.append(
                SuggestedRule(
                    selector,
                    "The plan's price: the machine-readable content of \(price.attribute)=\"\(price.value)\".",
                    attribute: "content"))
        }
        var result: [String] = []
        for each in eaches {
            for rule in prices {
                result.append(
                    RuleWriter.plansSection(each: each, name: nameRule, prices: [(field, rule)], features: nil))
            }
        }
        return result
    }

    /// The `itemprop` (or `property`) every element carries.
    private func property(of elements: [Int]) -> (attribute: String, value: String)? {
        for attribute in ["itemprop", "property"] {
            let values = Set(elements.map { page.attribute(attribute, of: $0) })
            if values.count == 1, let value = values.first ?? nil, !value.isEmpty { return (attribute, value) }
        }
        return nil
    }
}
