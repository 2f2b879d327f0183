import Foundation
import PricewatchHTML

/// Turns pricing pages of one site into ``Record``s by applying the site's rules from `selectors.yml`.
///
/// An extractor compiles its rules' XPath and regular expressions once and reuses them for every page; use
/// one per thread, and keep it for many pages.
public final class Extractor {
    /// The rules applied.
    public let site: SiteRules
    /// The site's parse options, worked out once from its rules.
    private let parseOptions: HTMLParseOptions
    private var regexCache: [String: Regex<AnyRegexOutput>] = [:]
    private var xpathCache: [String: XPathExpression] = [:]
    private let columns = TableColumns()
    /// What each `by_name` selector found on the current page, by ``textKey(_:)`` of the elements' text.
    private var named: [String: [String: [HTMLNode]]] = [:]
    /// The row rules by field, looked up once: `RowRules.rule(_:)` copies a rule, and every row asks.
    private let planFields: (name: FieldRule?, bestFor: FieldRule?, features: FieldRule?)
    private let alternativeFields: (name: FieldRule?, startingPrice: FieldRule?, topPrice: FieldRule?)

    /// Creates an extractor for a site.
    public init(site: SiteRules) {
        self.site = site
        self.parseOptions = site.parseOptions
        let plans = site.plans?.rows
        planFields = (plans?.rule("name"), plans?.rule("best_for"), plans?.rule("features"))
        let alternatives = site.alternatives
        alternativeFields = (
            alternatives?.rule("name"), alternatives?.rule("starting_price"), alternatives?.rule("top_price")
        )
    }

    /// Extracts a record from a page.
    ///
    /// - Parameters:
    ///   - page: The page bytes as served.
    ///   - charset: The `Content-Type` charset, if the server sent one.
    ///   - target: The target id written into the record.
    ///   - url: The page URL written into the record.
    ///   - fetchedAt: When the page was fetched, ISO 8601.
    /// - Throws: ``ExtractionError`` when a required field is missing or the page cannot be parsed.
    public func extract(page: [UInt8], charset: String? = nil, target: String, url: String?, fetchedAt: String)
        throws(ExtractionError) -> Record
    {
        try extraction(page: page, charset: charset, target: target, url: url, fetchedAt: fetchedAt).record
    }

    /// A record and what reading its page warned about.
    public struct Extraction: Sendable {
        /// The record.
        public var record: Record
        /// What was read differently from what the page says (an encoding that does not fit the bytes), for
        /// the report; empty for most pages.
        public var warnings: [String]
    }

    /// Extracts a record from a page like ``extract(page:charset:target:url:fetchedAt:)``, with the warnings.
    public func extraction(page: [UInt8], charset: String? = nil, target: String, url: String?, fetchedAt: String)
        throws(ExtractionError) -> Extraction
    {
        let document: HTMLDocument
        do {
            document = try HTMLDocument(bytes: page, url: url, charset: charset, options: parseOptions)
        } catch {
            throw ExtractionError(field: "page", selector: nil, origin: nil, problem: "could not be read: \(error)")
        }
        defer {
            columns.reset()
            named = [:]
        }
        var record = Record(target: target, site: site.name, url: url, fetchedAt: fetchedAt)
        var variables: [String: XPathValue] = [:]
        for (name, rule) in site.fields {
            let value = try value(of: rule, field: name, in: .document(document), variables: variables)
            switch value {
            case .text(let text) where name == "vendor":
                record.vendor = text
                variables["vendor"] = .string(text)
            case .text(let text) where name == "free_tier": record.freeTier = text
            case .date(let date): record.lastVerified = date
            case .range(let range): record.priceRange = range
            default: break
            }
        }
        if let plans = site.plans {
            record.plans = try extractPlans(plans, document: document, variables: variables)
        }
        if let rules = site.alternatives {
            for (row, rowVariables) in try rows(rules, field: "alternatives", document: document, variables: variables)
            {
                if let alternative = try alternative(row, variables: rowVariables) {
                    record.alternatives.append(alternative)
                }
            }
        }
        for (name, rule) in site.extras {
            switch try value(of: rule, field: "extras.\(name)", in: .document(document), variables: variables) {
            case .text(let text): record.extras[name] = .text(text)
            case .list(let list): record.extras[name] = .list(list)
            case .price(let price): record.extras[name] = .price(price)
            case .date(let date): record.extras[name] = .text(date)
            case .range(let range): record.extras[name] = .text("\(range.low.raw) – \(range.high.raw)")
            case nil: break
            }
        }
        return Extraction(record: record, warnings: document.warnings + record.duplicateNameWarnings)
    }

    private func extractPlans(_ rules: PlanRules, document: HTMLDocument, variables: [String: XPathValue])
        throws(ExtractionError) -> [Plan]
    {
        var plans: [Plan] = []
        for (row, rowVariables) in try rows(rules.rows, field: "plans", document: document, variables: variables) {
            guard
                case .text(let name) = try value(
                    of: planFields.name, field: "plans.name", in: .node(row), variables: rowVariables)
            else {
                continue  // a row without a name is a detail or spacer row, not a plan
            }
            var plan = Plan(name: name)
            var planVariables = rowVariables
            planVariables["plan"] = .string(name)
            for (field, rule) in rules.prices {
                if case .price(let price) = try value(
                    of: rule, field: "plans.prices.\(field)", in: .row(row, name: name), variables: planVariables)
                {
                    plan.prices[field] = price
                }
            }
            if case .text(let bestFor) = try value(
                of: planFields.bestFor, field: "plans.best_for", in: .row(row, name: name),
                variables: planVariables)
            {
                plan.bestFor = bestFor
            }
            if case .list(let features) = try value(
                of: planFields.features, field: "plans.features", in: .row(row, name: name),
                variables: planVariables)
            {
                plan.features = features
            }
            plans.append(plan)
        }
        if rules.rows.required && plans.isEmpty {
            throw ExtractionError(
                field: "plans", selector: rules.rows.each.description, origin: rules.rows.origin,
                problem: "found no plans")
        }
        return plans
    }

    private func alternative(_ row: HTMLNode, variables: [String: XPathValue])
        throws(ExtractionError) -> Alternative?
    {
        guard
            case .text(let name) = try value(
                of: alternativeFields.name, field: "alternatives.name", in: .node(row), variables: variables)
        else {
            return nil
        }
        var alternative = Alternative(name: name)
        if case .price(let price) = try value(
            of: alternativeFields.startingPrice, field: "alternatives.starting_price", in: .row(row, name: name),
            variables: variables
        ) {
            alternative.startingPrice = price
        }
        if case .price(let price) = try value(
            of: alternativeFields.topPrice, field: "alternatives.top_price", in: .row(row, name: name),
            variables: variables)
        {
            alternative.topPrice = price
        }
        return alternative
    }

    private func rows(_ rules: RowRules, field: String, document: HTMLDocument, variables: [String: XPathValue])
        throws(ExtractionError) -> [(HTMLNode, [String: XPathValue])]
    {
        let nodes: [HTMLNode]
        do {
            nodes = try document.select(compiled(rules.each), variables: variables)
        } catch {
            throw ExtractionError(
                field: field, selector: rules.each.description, origin: rules.origin,
                problem: "could not be evaluated: \(error)")
        }
        if rules.required && nodes.isEmpty {
            throw ExtractionError(
                field: field, selector: rules.each.description, origin: rules.origin, problem: "matched no rows")
        }
        return nodes.map { ($0, variables) }
    }

    // MARK: Values

    private enum Context {
        case document(HTMLDocument)
        case node(HTMLNode)
        /// A row whose name is known, for rules that find the row's data by name (`by_name`).
        case row(HTMLNode, name: String)

        var node: HTMLNode? {
            switch self {
            case .document: nil
            case .node(let node), .row(let node, _): node
            }
        }
    }

    private enum Value {
        case text(String)
        case list([String])
        case price(Price)
        case range(PriceRange)
        case date(String)
    }

    /// Applies one rule: select, take text or attribute, cut with the regex, parse by type. Returns nil when
    /// an optional value is absent; throws when a required one is.
    private func value(of rule: FieldRule?, field: String, in context: Context, variables: [String: XPathValue])
        throws(ExtractionError) -> Value?
    {
        guard let rule else { return nil }
        func fail(_ problem: String) -> ExtractionError {
            ExtractionError(
                field: field, selector: rule.selector?.description ?? rule.column.map { "column \"\($0)\"" },
                origin: rule.origin, problem: problem)
        }
        var texts: [String]
        if let constant = rule.constant {
            texts = [constant]
        } else if let selector = rule.selector {
            do {
                texts = try matches(of: selector, rule: rule, in: context, variables: variables)
            } catch {
                throw fail("could not be evaluated: \(error)")
            }
        } else if let column = rule.column, let row = context.node {
            do {
                let cell = try columns.cell(of: row, column: column)
                texts = cell.flatMap { Self.value(of: $0, attribute: rule.attribute) }.map { [$0] } ?? []
            } catch {
                throw fail("could not be evaluated: \(error)")
            }
        } else {
            texts = []
        }
        if let pattern = rule.pattern {
            texts = texts.compactMap { cut($0, with: pattern) }
        }
        texts = texts.map(\.collapsingWhitespace).filter { !$0.isEmpty }
        if rule.type == .list {
            if texts.isEmpty && rule.required { throw fail("matched nothing") }
            return texts.isEmpty ? nil : .list(texts)
        }
        guard let text = texts.first, !Self.placeholders.contains(text) || rule.type != .text else {
            if rule.required { throw fail("matched nothing") }
            return nil
        }
        switch rule.type {
        case .text, .list: return .text(text)
        case .price: return .price(PriceParser.parse(text))
        case .priceRange:
            do { return .range(try PriceParser.parseRange(text)) } catch {
                if rule.required { throw fail("is not a price range: \"\(text)\"") }
                return nil
            }
        case .date:
            do { return .date(try DateParser.parse(text)) } catch {
                if rule.required { throw fail("is not a date: \"\(text)\"") }
                return nil
            }
        }
    }

    /// Texts shown where a page has no value.
    private static let placeholders: Set<String> = ["—", "–", "-", "N/A", "n/a"]

    /// The texts a rule's selector matches: its first match, or all of them for a list.
    private func matches(of selector: Selector, rule: FieldRule, in context: Context, variables: [String: XPathValue])
        throws(HTMLError) -> [String]
    {
        let all = rule.type == .list
        let expression = try compiled(selector)
        let nodes: [HTMLNode]
        if case .row(let row, let name) = context, let byName = rule.byName {
            nodes = try namedNodes(expression, byName: byName, name: name, row: row, variables: variables, all: all)
        } else {
            let result: XPathResult
            switch context {
            case .document(let document): result = try document.evaluate(expression, variables: variables)
            case .node(let node), .row(let node, _): result = try node.evaluate(expression, variables: variables)
            }
            guard case .nodes(let found) = result else { return result.text.map { [$0] } ?? [] }
            nodes = found
        }
        let chosen = all ? nodes : Array(nodes.prefix(1))
        return chosen.compactMap { Self.value(of: $0, attribute: rule.attribute) }
    }

    /// What `expression` selects from the elements of the page that `byName` found and whose text is `name`
    /// (spacing and case ignored), in their order, each node once. `byName` is evaluated once per page: a
    /// join such as `//h3[normalize-space(.) = $plan]/...` searched the whole page again for every row.
    private func namedNodes(
        _ expression: XPathExpression, byName: Selector, name: String, row: HTMLNode,
        variables: [String: XPathValue], all: Bool
    ) throws(HTMLError) -> [HTMLNode] {
        let elements: [HTMLNode]
        if let found = named[byName.xpath] {
            elements = found[textKey(name)] ?? []
        } else {
            var found: [String: [HTMLNode]] = [:]
            // Absolute, so the row it is evaluated from does not matter.
            for node in try row.select(compiled(byName), variables: variables) {
                found[textKey(node.text), default: []].append(node)
            }
            named[byName.xpath] = found
            elements = found[textKey(name)] ?? []
        }
        var nodes: [HTMLNode] = []
        var seen = Set<HTMLNode>()
        for element in elements {
            guard case .nodes(let found) = try element.evaluate(expression, variables: variables) else { continue }
            for node in found where seen.insert(node).inserted { nodes.append(node) }
            if !all && !nodes.isEmpty { break }
        }
        return nodes
    }

    /// A matched node's value: the named attribute, or its text when the rule names none.
    private static func value(of node: HTMLNode, attribute: String?) -> String? {
        attribute.map { node.attribute($0) } ?? node.text
    }

    private func compiled(_ selector: Selector) throws(HTMLError) -> XPathExpression {
        if let cached = xpathCache[selector.xpath] { return cached }
        // CSS compiled as CSS is evaluated without libxml2's XPath; its translation is the fallback, and
        // selects the same nodes, should the selector not compile (it was checked when the config loaded).
        let css =
            selector.language == .css ? try? CSSSelector.compile(selector.source, relative: selector.relative) : nil
        let expression: XPathExpression
        if let css { expression = css } else { expression = try XPathExpression(selector.xpath) }
        xpathCache[selector.xpath] = expression
        return expression
    }

    private func cut(_ text: String, with pattern: String) -> String? {
        let regex: Regex<AnyRegexOutput>
        if let cached = regexCache[pattern] {
            regex = cached
        } else {
            guard let compiled = try? Regex(pattern) else { return nil }  // validated when the config loaded
            regexCache[pattern] = compiled
            regex = compiled
        }
        guard let match = try? regex.firstMatch(in: text) else { return nil }
        let output = match.output
        if output.count > 1, let capture = output[1].substring { return String(capture) }
        return String(text[match.range])
    }
}
