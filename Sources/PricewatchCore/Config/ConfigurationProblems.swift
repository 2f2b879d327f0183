import PricewatchHTML

/// Every problem found while reading one `selectors.yml`, so a load reports them all at once rather than
/// one per run.
///
/// Parsing records a problem and goes on with the next rule, target or key (``YAMLReader/collecting(_:)``);
/// ``Configuration/parse(yaml:file:)`` throws them together at the end.
final class ConfigurationProblems {
    private(set) var all: [ConfigurationError] = []
    private var seen: Set<ConfigurationError> = []
    /// Mappings that had an unknown key: a later complaint about the same mapping (a missing selector, a
    /// missing required key) is what the misspelt key caused, and would only repeat it.
    private var mappingsWithUnknownKeys: Set<String> = []

    func record(_ error: ConfigurationError) {
        guard !mappingsWithUnknownKeys.contains(error.key) else { return }
        if seen.insert(error).inserted { all.append(error) }
    }

    func recordUnknownKey(_ error: ConfigurationError, inMappingAt path: String) {
        record(error)
        mappingsWithUnknownKeys.insert(path)
    }

    /// Throws the problems found, in file order, as one error; does nothing when there are none.
    func throwIfAny() throws(ConfigurationError) {
        // Stable: problems on one line keep the order they were found in.
        let ordered = all.enumerated().sorted {
            ($0.element.line ?? .max, $0.offset) < ($1.element.line ?? .max, $1.offset)
        }
        .map(\.element)
        guard var first = ordered.first else { return }
        first.more = Array(ordered.dropFirst())
        throw first
    }
}

extension YAMLReader {
    /// Runs one part of the parse (a rule, a target, a key); when it fails, records the problem and returns
    /// nil so the rest of the file is still checked. Without a collector (readers made outside a load) the
    /// error is thrown.
    func collecting<Value>(_ parse: () throws(ConfigurationError) -> Value) throws(ConfigurationError) -> Value? {
        do {
            return try parse()
        } catch {
            guard let problems else { throw error }
            problems.record(error)
            return nil
        }
    }

    /// A whole number in `range`; `2.5` is an error, not 2.
    func integer(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw error("expected a whole number, found '\(node.string ?? "")'")
        }
        guard range.contains(value) else {
            throw error("\(value) is out of range; use a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Fails unless the value is a rule (a mapping). A bare value gets the fix: `vendor: "Acme"` means
    /// `vendor: {value: "Acme"}`, and a bare selector needs its language.
    func expectRule() throws(ConfigurationError) {
        if case .mapping = node { return }
        guard case .scalar(let scalar) = node else {
            throw error("expected a rule such as { xpath: \"//h1\" } or { css: \"h1\" }")
        }
        let text = scalar.string
        let quoted = "\"\(text.replacing("\"", with: "\\\""))\""
        let looksLikeXPath = text.hasPrefix("/") || text.hasPrefix("(") || text.contains("::") || text.contains("[@")
        let looksLikeCSS = !looksLikeXPath && (text.hasPrefix(".") || text.hasPrefix("#") || text.contains("["))
        if looksLikeXPath {
            throw error("a rule is a mapping: write { xpath: \(quoted) }")
        } else if looksLikeCSS {
            throw error("a rule is a mapping: write { css: \(quoted) }")
        }
        throw error(
            "a rule is a mapping: for a fixed text write { value: \(quoted) }; to read it from the page, give"
                + " { xpath: \"...\" } or { css: \"...\" }")
    }
}

extension YAMLReader {
    /// Fails when an XPath selector names something evaluation cannot resolve: a variable other than
    /// `$vendor` (and `$plan` in plans' value rules), a function XPath 1.0 lacks, or a namespace prefix.
    func checkNames(of selector: Selector) throws(ConfigurationError) {
        guard selector.language == .xpath, let expression = try? XPathExpression(selector.xpath) else { return }
        // `$plan` holds the plan's name while its prices, best_for and features are read; `by_name` rejects
        // it with its own explanation.
        let parts = path.split(separator: ".")
        let inPlanValue =
            parts.firstIndex(of: "plans").map { index in
                index + 1 < parts.count && !["each", "name"].contains(parts[index + 1])
            } ?? false
        var variables: Set<String> = inPlanValue || parts.contains("by_name") ? ["vendor", "plan"] : ["vendor"]
        if vendorUnbound != nil { variables.remove("vendor") }
        guard let problem = expression.unresolvedNames(variables: variables).first else { return }
        switch problem {
        case .undefinedVariable("vendor"):
            throw error(
                "$vendor holds the text this site's vendor rule reads, and \(vendorUnbound ?? "it is unset")"
                    + ": add one (vendor: {css: \"...\"} or vendor: {value: \"Acme\"}), or write the name into the selector"
            )
        case .undefinedVariable("plan"):
            throw error(
                "$plan is only defined in the prices, best_for and features rules of plans, where it holds the"
                    + " plan's name")
        case .undefinedVariable:
            throw error("\(problem); rules can use $vendor, and $plan in plans' prices, best_for and features")
        case .unknownFunction:
            throw error(
                "\(problem); use XPath 1.0's (contains, starts-with, normalize-space, translate, concat, ...)"
                    + " — libxml2 has no XPath 2 functions such as lower-case() or matches()")
        case .unboundPrefix:
            throw error("\(problem)")
        }
    }
}
