import PricewatchCore
import PricewatchHTML

/// One rule of a site as lint checks it: where it is written, what it selects, and which record field it fills.
struct RuleProbe {
    enum Scope {
        /// Evaluated against the whole page.
        case document
        /// The `each` of plans or alternatives.
        case rows(RowRules)
        /// Evaluated inside each plan or alternative row.
        case row(RowRules)
    }

    /// The field path in the record: `vendor`, `plans`, `plans.prices.monthly`, `extras.badge`.
    let field: String
    let origin: String
    /// The selector to probe alone; nil for `value`, and for `column` and `by_name` rules, which only work
    /// with the rest of the extraction (their values are still checked).
    let selector: Selector?
    let scope: Scope
    let required: Bool

    /// Every rule of `site`, in the order extraction applies them.
    static func all(in site: SiteRules) -> [RuleProbe] {
        func rule(_ field: String, _ rule: FieldRule, _ scope: Scope) -> RuleProbe {
            RuleProbe(
                field: field, origin: rule.origin, selector: rule.byName == nil ? rule.selector : nil, scope: scope,
                required: rule.required)
        }
        var probes = site.fields.map { rule($0.name, $0.rule, .document) }
        for (prefix, rows) in [("plans", site.plans?.rows), ("alternatives", site.alternatives)] {
            guard let rows else { continue }
            probes.append(
                RuleProbe(
                    field: prefix, origin: rows.origin, selector: rows.each, scope: .rows(rows), required: rows.required
                ))
            probes += rows.fields.map { rule("\(prefix).\($0.name)", $0.rule, .row(rows)) }
            if prefix == "plans", let prices = site.plans?.prices {
                probes += prices.map { rule("plans.prices.\($0.field)", $0.rule, .row(rows)) }
            }
        }
        return probes + site.extras.map { rule("extras.\($0.name)", $0.rule, .document) }
    }

    /// Whether `record` has a value for this rule's field (in any plan or alternative, for row fields).
    func hasValue(in record: Record) -> Bool {
        switch field {
        case "vendor": return record.vendor != nil
        case "last_verified": return record.lastVerified != nil
        case "free_tier": return record.freeTier != nil
        case "price_range": return record.priceRange != nil
        case "plans", "plans.name": return !record.plans.isEmpty
        case "plans.best_for": return record.plans.contains { $0.bestFor != nil }
        case "plans.features": return record.plans.contains { !$0.features.isEmpty }
        case "alternatives", "alternatives.name": return !record.alternatives.isEmpty
        case "alternatives.starting_price": return record.alternatives.contains { $0.startingPrice != nil }
        case "alternatives.top_price": return record.alternatives.contains { $0.topPrice != nil }
        default:
            if field.hasPrefix("plans.prices.") {
                let price = String(field.dropFirst("plans.prices.".count))
                return record.plans.contains { $0.prices[price] != nil }
            }
            return record.extras[String(field.dropFirst("extras.".count))] != nil
        }
    }

    /// The finding the stored pages of the rule's site call for, if any.
    func finding(from tally: RuleTally) -> LintFinding? {
        guard !tally.targets.isEmpty else { return nil }
        let pages = tally.targets.count == 1 ? "the stored page" : "any of the \(tally.targets.count) stored pages"
        if tally.probed && tally.matchedTargets.isEmpty, let selector {
            let what = if case .rows = scope { "matches no rows" } else { "matches nothing" }
            let consequence = required ? " ('\(field)' is required, so check fails on these pages)" : ""
            let hint = tally.hint.map { ". \($0)" } ?? ""
            return LintFinding(
                severity: required ? .error : .warning, origin: origin, targets: tally.targets,
                message: "\(selector) \(what) on \(pages)\(consequence)\(hint)")
        }
        if !required && tally.extracted > 0 && tally.withValue == 0 {
            let why =
                tally.probed
                ? ": its selector matches, but no value comes out; check its regex, attribute and type"
                : ""
            return LintFinding(
                severity: .warning, origin: origin, targets: tally.targets,
                message: "optional field '\(field)' is empty on \(pages)\(why)")
        }
        return nil
    }
}

/// Evaluates rules alone on one parsed page, with `$vendor` and `$plan` bound as extraction binds them.
struct PageProbe {
    let document: HTMLDocument
    let site: SiteRules
    let vendor: String?

    private var variables: [String: XPathValue] { vendor.map { ["vendor": .string($0)] } ?? [:] }

    /// Whether the probe's selector finds anything on the page (in any row, for row rules); nil when the
    /// rule has no selector to probe alone.
    func matched(_ probe: RuleProbe) -> Bool? {
        guard let selector = probe.selector, let expression = try? XPathExpression(selector.xpath) else { return nil }
        switch probe.scope {
        case .document, .rows:
            return (try? document.evaluate(expression, variables: variables)).map(Self.found) ?? false
        case .row(let rows):
            guard let each = try? XPathExpression(rows.each.xpath),
                let found = try? document.select(each, variables: variables)
            else { return false }
            let name = rows.rule("name")?.selector.flatMap { try? XPathExpression($0.xpath) }
            return found.contains { row in
                var rowVariables = variables
                if let name, let plan = try? row.evaluate(name, variables: variables), let text = plan.text {
                    rowVariables["plan"] = .string(text.collapsingWhitespace)
                }
                return (try? row.evaluate(expression, variables: rowVariables)).map(Self.found) ?? false
            }
        }
    }

    private static func found(_ result: XPathResult) -> Bool {
        switch result {
        case .nodes(let nodes): !nodes.isEmpty
        case .string(let text): !text.isEmpty
        case .number(let number): !number.isNaN
        case .boolean(let value): value
        }
    }
}
