/// Translates a parsed selector list into an XPath 1.0 expression.
///
/// Every condition becomes a boolean expression on the context element, so the same code serves a step's
/// predicate and the inside of `:not()`. Child positions are computed with `count(preceding-sibling::*)`
/// rather than `position()`, which would count only siblings of the same step.
///
/// Descendants are written `/descendant::x`, not `//x`: with no positional predicate (the translation never
/// writes one after a descendant step) both select the same nodes, but libxml2 evaluates `//x[...]` by first
/// collecting every node below the context, which made one `[data-testid=...]` rule cost as much as parsing
/// a sixth of the page.
enum CSSToXPath {
    static func translate(_ list: CSSSelectorList, relative: Bool) -> String {
        let prefix = relative ? "./descendant::" : "/descendant::"
        return list.selectors.map { prefix + path(for: $0) }.joined(separator: " | ")
    }

    private static func path(for selector: CSSComplexSelector) -> String {
        var path = step(for: selector.first)
        for (combinator, compound) in selector.rest {
            switch combinator {
            case .descendant: path += "/descendant::" + step(for: compound)
            case .child: path += "/" + step(for: compound)
            case .generalSibling: path += "/following-sibling::" + step(for: compound)
            case .adjacentSibling:
                // Take the very next element sibling first, then test it; `following-sibling::b[1]` would
                // skip over non-matching siblings.
                path += "/following-sibling::*[1]"
                if let test = booleanExpression(for: compound) { path += "[\(test)]" }
            }
        }
        return path
    }

    /// A location step such as `li[@id = 'x']`.
    private static func step(for compound: CSSCompoundSelector) -> String {
        let conditions = compound.conditions.map(expression(for:))
        let name = compound.element ?? "*"
        return conditions.isEmpty ? name : "\(name)[\(conditions.joined(separator: " and "))]"
    }

    /// The compound selector as a test on the context element, or nil when it matches any element.
    private static func booleanExpression(for compound: CSSCompoundSelector) -> String? {
        var parts = compound.element.map { ["self::\($0)"] } ?? []
        parts += compound.conditions.map(expression(for:))
        return parts.isEmpty ? nil : parts.joined(separator: " and ")
    }

    private static func expression(for condition: CSSCondition) -> String {
        switch condition {
        case .id(let id):
            return "@id = \(literal(id))"
        case .className(let name):
            return wordMatch(attribute: "@class", word: name)
        case .attribute(let name, nil):
            return "@\(name)"
        case .attribute(let name, let match?):
            return attributeExpression(attribute: "@\(name)", match: match)
        case .firstChild:
            return "count(preceding-sibling::*) = 0"
        case .lastChild:
            return "count(following-sibling::*) = 0"
        case .nthChild(let a, let b):
            return nthChildExpression(a: a, b: b)
        case .not(let compound):
            return "not(\(booleanExpression(for: compound) ?? "self::*"))"
        case .contains(let text):
            return "contains(string(.), \(literal(text)))"
        }
    }

    private static func attributeExpression(attribute: String, match: CSSAttributeMatch) -> String {
        let value = match.value
        // Per the CSS spec, an empty value never matches for the substring operators.
        if value.isEmpty && [.hasPrefix, .hasSuffix, .containsSubstring].contains(match.op) { return "false()" }
        switch match.op {
        case .equals:
            return "\(attribute) = \(literal(value))"
        case .includesWord:
            return wordMatch(attribute: attribute, word: value)
        case .hasPrefix:
            return "starts-with(\(attribute), \(literal(value)))"
        case .hasSuffix:
            // XPath 1.0 has no ends-with(); compare the tail. string-length counts characters (code points).
            let extra = value.unicodeScalars.count - 1
            let tailStart = "string-length(\(attribute))" + (extra > 0 ? " - \(extra)" : "")
            return "substring(\(attribute), \(tailStart)) = \(literal(value))"
        case .containsSubstring:
            return "contains(\(attribute), \(literal(value)))"
        case .dashMatch:
            return "(\(attribute) = \(literal(value)) or starts-with(\(attribute), \(literal(value + "-"))))"
        }
    }

    /// Whitespace-separated token match, as `.class` and `~=` need; a word that is empty or holds
    /// whitespace can never be one token, so it never matches.
    private static func wordMatch(attribute: String, word: String) -> String {
        if word.isEmpty || word.contains(where: \.isWhitespace) { return "false()" }
        return "contains(concat(' ', normalize-space(\(attribute)), ' '), \(literal(" \(word) ")))"
    }

    /// The element is child number a·n + b (1-based) for some n ≥ 0.
    ///
    /// With c = count(preceding-sibling::*) = position − 1, that is c ≡ b − 1 (mod |a|), plus c ≥ b − 1 when
    /// a > 0 or c ≤ b − 1 when a < 0.
    private static func nthChildExpression(a: Int, b: Int) -> String {
        let count = "count(preceding-sibling::*)"
        let offset = b - 1
        if a == 0 { return offset < 0 ? "false()" : "\(count) = \(offset)" }
        if a < 0 && offset < 0 { return "false()" }
        var parts: [String] = []
        let modulus = abs(a)
        if modulus != 1 {
            let remainder = ((offset % modulus) + modulus) % modulus
            parts.append("\(count) mod \(modulus) = \(remainder)")
        }
        if a > 0 && offset > 0 { parts.append("\(count) >= \(offset)") }
        if a < 0 { parts.append("\(count) <= \(offset)") }
        return parts.isEmpty ? "true()" : parts.joined(separator: " and ")
    }

    /// Quotes text as an XPath 1.0 literal, which has no escapes: text holding both quote kinds becomes
    /// `concat('a', "'", 'b')`.
    static func literal(_ text: String) -> String {
        if !text.contains("'") { return "'\(text)'" }
        if !text.contains("\"") { return "\"\(text)\"" }
        let pieces = text.split(separator: "'", omittingEmptySubsequences: false)
        var parts: [String] = []
        for (index, piece) in pieces.enumerated() {
            if index > 0 { parts.append("\"'\"") }
            if !piece.isEmpty { parts.append("'\(piece)'") }
        }
        return "concat(\(parts.joined(separator: ", ")))"
    }
}
