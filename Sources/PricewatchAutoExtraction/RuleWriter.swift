import Foundation
import PricewatchCore

/// Proposes the rules for a group of pricing cards, most readable first: each card by a class token the cards
/// share (or by the container's id or class), the name by its heading or class, the price by its class.
struct RuleWriter {
    let page: Page
    let plans: [PlanCandidate]

    /// `plans:` sections to try, most readable first.
    func candidates() -> [String] {
        let blocks = plans.map { $0.elements!.block }
        let names = plans.map { $0.elements!.name }
        let prices = plans.map { $0.elements!.price }
        let split = zip(names, prices).allSatisfy { $0 == $1 }
        var result: [String] = []
        for each in eachRules(blocks) {
            for name in relativeRules(names, in: blocks, what: "name") {
                for price in split ? [name] : relativeRules(prices, in: blocks, what: "price") {
                    result.append(plansSection(each: each, name: name, price: price, split: split))
                    if result.count >= 24 { return result }
                }
            }
        }
        return result
    }

    /// A rule's selector and the comment saying what it matched.
    typealias Rule = (xpath: String, comment: String)

    private func eachRules(_ blocks: [Int]) -> [Rule] {
        let tag = page.name(blocks[0])
        guard blocks.allSatisfy({ page.name($0) == tag }) else { return [] }
        var rules: [Rule] = []
        let names = plans.map(\.name).prefix(4).joined(separator: ", ")
        for token in shared(blocks) {
            rules.append(
                (
                    "//\(tag)[\(Self.hasClass(token))]",
                    "Each plan is a <\(tag)> with class '\(token)' (\(blocks.count) on this page: \(names))."
                ))
        }
        let parents = Set(blocks.compactMap { page.element($0).parent })
        if parents.count == 1, let parent = parents.first {
            if let id = page.element(parent).attribute("id"), Self.isStable(id) {
                rules.append(
                    ("//*[@id=\(Self.literal(id))]/\(tag)", "Each plan is a <\(tag)> inside #\(id) (\(names))."))
            }
            for token in shared([parent]).prefix(2) {
                rules.append(
                    (
                        "//\(page.name(parent))[\(Self.hasClass(token))]/\(tag)",
                        "Each plan is a <\(tag)> inside the block with class '\(token)' (\(names))."
                    ))
            }
        }
        return rules
    }

    /// Selectors relative to each card for the name or the price element.
    private func relativeRules(_ elements: [Int], in blocks: [Int], what: String) -> [Rule] {
        let tag = page.name(elements[0])
        let example = page.text(elements[0]).prefix(40)
        var rules: [Rule] = []
        for token in shared(elements) {
            rules.append(
                (
                    ".//*[\(Self.hasClass(token))]",
                    "The plan's \(what): the element with class '\(token)' (\"\(example)\")."
                ))
        }
        if elements.allSatisfy({ page.name($0) == tag }) {
            rules.append((".//\(tag)", "The plan's \(what): the card's first <\(tag)> (\"\(example)\")."))
        }
        return rules
    }

    private func plansSection(each: Rule, name: Rule, price: Rule, split: Bool) -> String {
        let field = mainField()
        var lines = [
            "    plans:", "      # \(each.comment)", "      each:", "        xpath: \(Self.quoted(each.xpath))",
        ]
        lines += [
            "      required: true", "      # \(name.comment)", "      name:",
            "        xpath: \(Self.quoted(name.xpath))",
        ]
        if split { lines.append("        regex: \(Self.quoted("^(.+?)\\s+[—–|:·-]\\s+"))") }
        lines += [
            "      prices:", "        # \(price.comment)", "        \(field):",
            "          xpath: \(Self.quoted(price.xpath))",
        ]
        if split { lines.append("          regex: \(Self.quoted("^.+?\\s[—–|:·-]\\s+(.+)$"))") }
        if let attribute = annualAttribute() {
            lines += [
                "        # The annual-billing figure of the billing toggle, kept in the '\(attribute)' attribute.",
                "        annual_monthly:", "          xpath: \(Self.quoted(".//*[@\(attribute)]"))",
                "          attribute: \(attribute)",
            ]
        }
        if plans.contains(where: { !$0.features.isEmpty }) {
            lines += [
                "      # The plan's features: the card's list items.", "      features:",
                "        xpath: \(Self.quoted(".//li"))", "        type: list",
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// The price field most plans' main price went to.
    private func mainField() -> String {
        let monthly = plans.filter { $0.prices["monthly"] != nil }.count
        return monthly * 2 > plans.count ? "monthly" : "price"
    }

    private func annualAttribute() -> String? {
        guard let plan = plans.first(where: { $0.prices["annual_monthly"] != nil }), let price = plan.elements?.price
        else { return nil }
        for index in [price] + Array(page.descendants(of: price)) {
            for (name, _) in page.element(index).attributes where name.hasPrefix("data-") && BillingWords.isAnnual(name)
            {
                return name
            }
        }
        return nil
    }

    /// Class tokens every element has, stable ones only, in the first element's order.
    private func shared(_ elements: [Int]) -> [String] {
        page.classes[elements[0]].filter { token in
            Self.isStable(token) && elements.allSatisfy { page.classes[$0].contains(token) }
        }
    }

    /// Whether a class or id reads as a person's name for it, not a build tool's hash (`css-1x2y3z`, `sc-bdVaJa`).
    static func isStable(_ token: String) -> Bool {
        guard token.count >= 2, token.count <= 40,
            token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return false }
        let lower = token.lowercased()
        if ["css-", "sc-", "jsx-", "emotion-", "svelte-", "tw-"].contains(where: lower.hasPrefix) { return false }
        let digits = token.filter(\.isNumber).count
        let upperInside = token.dropFirst().filter(\.isUppercase).count
        return digits <= 2 && upperInside <= 2
    }

    static func hasClass(_ token: String) -> String {
        "contains(concat(' ', normalize-space(@class), ' '), ' \(token) ')"
    }

    static func literal(_ text: String) -> String {
        text.contains("'") ? "\"\(text)\"" : "'\(text)'"
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
