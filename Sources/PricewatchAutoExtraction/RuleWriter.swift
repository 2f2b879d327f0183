import Foundation
import PricewatchCore

/// One suggested rule: its selector (or `column:`), what it takes, and the comment saying what it matched.
struct SuggestedRule {
    var xpath: String?
    var column: String? = nil
    var attribute: String? = nil
    var regex: String? = nil
    var comment: String

    init(_ xpath: String, _ comment: String, attribute: String? = nil, regex: String? = nil) {
        self.xpath = xpath
        self.comment = comment
        self.attribute = attribute
        self.regex = regex
    }

    init(column: String, _ comment: String) {
        self.column = column
        self.comment = comment
    }

    /// The rule as `selectors.yml` lines under `key`, indented by `indent` spaces, comment first.
    func lines(_ key: String, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines = ["\(pad)# \(comment)", "\(pad)\(key):"]
        if let xpath { lines.append("\(pad)  xpath: \(RuleWriter.quoted(xpath))") }
        if let column { lines.append("\(pad)  column: \(RuleWriter.quoted(column))") }
        if let attribute { lines.append("\(pad)  attribute: \(attribute)") }
        if let regex { lines.append("\(pad)  regex: \(RuleWriter.quoted(regex))") }
        return lines
    }
}

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
            for var name in relativeRules(names, what: "name") {
                for var price in split ? [name] : relativeRules(prices, what: "price") {
                    if split {
                        name.regex = "^(.+?)\\s+[—–|:·-]\\s+"
                        price.regex = "^.+?\\s[—–|:·-]\\s+(.+)$"
                    }
                    var fields = [(mainField(), price)]
                    if let attribute = annualAttribute() {
                        fields.append(
                            (
                                "annual_monthly",
                                SuggestedRule(
                                    ".//*[@\(attribute)]",
                                    "The annual-billing figure of the billing toggle, kept in the '\(attribute)' attribute.",
                                    attribute: attribute)
                            ))
                    }
                    let features =
                        plans.contains(where: { !$0.features.isEmpty })
                        ? SuggestedRule(".//li", "The plan's features: the card's list items.") : nil
                    result.append(Self.plansSection(each: each, name: name, prices: fields, features: features))
                    if result.count >= 24 { return result }
                }
            }
        }
        return result
    }

    private func eachRules(_ blocks: [Int]) -> [SuggestedRule] {
        let tag = page.name(blocks[0])
        guard blocks.allSatisfy({ page.name($0) == tag }) else { return [] }
        var rules: [SuggestedRule] = []
        let names = plans.map(\.name).prefix(4).joined(separator: ", ")
        for token in shared(blocks) {
            rules.append(
                SuggestedRule(
                    "//\(tag)[\(Self.hasClass(token))]",
                    "Each plan is a <\(tag)> with class '\(token)' (\(blocks.count) on this page: \(names))."))
        }
        let parents = Set(blocks.compactMap { page.parent($0) })
        if parents.count == 1, let parent = parents.first {
            if let id = page.attribute("id", of: parent), Self.isStable(id) {
                rules.append(
                    SuggestedRule(
                        "//*[@id=\(Self.literal(id))]/\(tag)", "Each plan is a <\(tag)> inside #\(id) (\(names))."))
            }
            for token in shared([parent]).prefix(2) {
                rules.append(
                    SuggestedRule(
                        "//\(page.name(parent))[\(Self.hasClass(token))]/\(tag)",
                        "Each plan is a <\(tag)> inside the block with class '\(token)' (\(names))."))
            }
        }
        return rules
    }

    /// Selectors relative to each card for the name or the price: a class token, else a tag, whose first
    /// element in every card is one that reads the same value (the element auto-reading took, one enclosing
    /// it, or one inside it: cards whose price sits at different depths still share a rule).
    private func relativeRules(_ elements: [Int], what: String) -> [SuggestedRule] {
        let blocks = plans.map { $0.elements!.block }
        let reads: [Set<Int>] = zip(zip(elements, blocks), plans).map { pair, plan in
            let (element, block) = pair
            let around = [element] + page.ancestors(of: element).prefix { $0 != block } + page.descendants(of: element)
            // The element itself always counts: when no element's text reads the value alone (a struck "was"
            // price beside it), its rule is still the closest, and the suggestion says how many plans it reads.
            return Set(
                around.filter {
                    $0 == element || (what == "name" ? page.text($0) == page.text(element) : samePrice($0, plan))
                })
        }
        let example = page.text(elements[0]).prefix(40)
        // The first element in each card that a test selects must be one that reads the value.
        func firstMatchReads(_ test: (Int) -> Bool) -> Bool {
            zip(blocks, reads).allSatisfy { block, reads in
                page.descendants(of: block).first(where: test).map(reads.contains) ?? false
            }
        }
        var rules: [SuggestedRule] = []
        var tokens: [String] = []
        let ordered =
            [elements[0]] + page.ancestors(of: elements[0]).prefix { $0 != blocks[0] }
            + page.descendants(of: elements[0])
        for candidate in ordered where reads[0].contains(candidate) {
            for token in page.classes[candidate] where Self.isStable(token) && !tokens.contains(token) {
                tokens.append(token)
                guard firstMatchReads({ page.classes[$0].contains(token) }) else { continue }
                rules.append(
                    SuggestedRule(
                        ".//*[\(Self.hasClass(token))]",
                        "The plan's \(what): the element with class '\(token)' (\"\(example)\")."))
            }
        }
        var tags: [String] = []
        for candidate in ordered where reads[0].contains(candidate) && !tags.contains(page.name(candidate)) {
            let tag = page.name(candidate)
            tags.append(tag)
            guard firstMatchReads({ page.name($0) == tag }) else { continue }
            let rule = SuggestedRule(
                ".//\(tag)", "The plan's \(what): the card's first <\(tag)> (\"\(example)\").")
            // A heading names a card more lastingly than a styling class does.
            if ["h1", "h2", "h3", "h4", "h5", "h6"].contains(tag) {
                rules.insert(rule, at: 0)
            } else {
                rules.append(rule)
            }
        }
        return rules
    }

    /// Whether an element's text reads the plan's main price, as the rule path's price parser reads it.
    private func samePrice(_ element: Int, _ plan: PlanCandidate) -> Bool {
        let text = page.text(element)
        guard text.count <= 120 else { return false }
        let read = PriceParser.parse(text)
        if let amount = read.amount { return plan.prices.values.contains { $0.amount == amount } }
        return plan.prices.values.contains { $0.amount == nil && $0.kind == read.kind }
    }

    /// A `plans:` section: the rows, the name, the price fields and the features, each with its comment.
    static func plansSection(
        each: SuggestedRule, name: SuggestedRule, prices: [(String, SuggestedRule)], features: SuggestedRule?
    ) -> String {
        var lines = ["    plans:"] + each.lines("each", indent: 6) + ["      required: true"]
        lines += name.lines("name", indent: 6)
        lines.append("      prices:")
        for (field, rule) in prices { lines += rule.lines(field, indent: 8) }
        if let features { lines += features.lines("features", indent: 6) + ["        type: list"] }
        return lines.joined(separator: "\n")
    }

    /// The price field most plans' main price went to.
    private func mainField() -> String { Self.mainField(of: plans) }

    static func mainField(of plans: [PlanCandidate]) -> String {
        let monthly = plans.filter { $0.prices["monthly"] != nil }.count
        if monthly * 2 > plans.count { return "monthly" }
        // Monthly figures billed annually, with no monthly plan beside them.
        let annualMonthly = plans.filter { $0.prices["annual_monthly"] != nil }.count
        return annualMonthly * 2 > plans.count ? "annual_monthly" : "price"
    }

    private func annualAttribute() -> String? {
        guard mainField() != "annual_monthly", let plan = plans.first(where: { $0.prices["annual_monthly"] != nil }),
            let price = plan.elements?.price
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
    private func shared(_ elements: [Int]) -> [String] { Self.shared(elements, on: page) }

    static func shared(_ elements: [Int], on page: Page) -> [String] {
        page.classes[elements[0]].filter { token in
            isStable(token) && elements.allSatisfy { page.classes[$0].contains(token) }
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
