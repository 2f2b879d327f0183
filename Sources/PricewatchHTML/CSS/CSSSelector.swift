/// Compiles CSS selectors into XPath 1.0 so extraction rules can use either language over libxml2.
///
/// Supported: type selectors, `*`, `#id`, `.class`, attribute selectors (`[a]`, `=`, `~=`, `^=`, `$=`, `*=`,
/// `|=`, quoted or bare values), the descendant, `>`, `+` and `~` combinators, selector lists (`a, b`
/// becomes an XPath union), `:first-child`, `:last-child`, `:nth-child(an+b | odd | even)`,
/// `:not(compound)` and `:contains("text")`. Element and attribute names are lower-cased because libxml2's
/// HTML parser lower-cases them.
///
/// ```swift
/// try CSSSelector.xpath(for: "ul.plans > li")                  // "/descendant::ul[...]/li"
/// try CSSSelector.xpath(for: "span.price", relative: true)     // "./descendant::span[...]"
/// ```
public struct CSSSelector: Sendable {
    /// Translates `selector` into an XPath 1.0 expression.
    ///
    /// - Parameters:
    ///   - selector: A CSS selector or comma-separated selector list.
    ///   - relative: `true` for an expression evaluated against a context node (`./descendant::…`, matching
    ///     its descendants), `false` for one evaluated from the document root (`/descendant::…`).
    /// - Throws: ``CSSSelectorError`` naming the 1-based character position and what was expected there.
    /// - Returns: The XPath expression; several selectors are joined with ` | `.
    public static func xpath(for selector: String, relative: Bool = false) throws(CSSSelectorError) -> String {
        CSSToXPath.translate(try parse(selector), relative: relative)
    }

    /// Compiles a selector for evaluating on many pages. It selects what its ``xpath(for:relative:)``
    /// translation selects, in the same order, but finds the elements by walking the tree and testing each
    /// one in place, several times faster than libxml2 evaluates the translation's predicates.
    ///
    /// - Throws: ``CSSSelectorError`` as ``xpath(for:relative:)`` does.
    public static func compile(_ selector: String, relative: Bool = false) throws(CSSSelectorError)
        -> XPathExpression
    {
        let list = try parse(selector)
        let translation = CSSToXPath.translate(list, relative: relative)
        do {
            return try XPathExpression(translation, css: CSSMatcher(list, relative: relative))
        } catch {
            // CSS names may hold characters XML names may not (found by fuzzing: `ulˏ\u{FFFD}a li`); no
            // element or attribute of a parsed page has such a name, and XPath cannot write one.
            throw CSSSelectorError(
                selector: selector, position: 1,
                reason: "it names an element or attribute with characters no HTML name has (\(error))")
        }
    }

    private static func parse(_ selector: String) throws(CSSSelectorError) -> CSSSelectorList {
        var tokenizer = CSSTokenizer(selector)
        let tokens = try tokenizer.tokens()
        var parser = CSSParser(selector: selector, tokens: tokens)
        return try parser.parseSelectorList()
    }
}

/// A selector that cannot be compiled: says which selector, where, and what was expected there.
public struct CSSSelectorError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The selector as written.
    public let selector: String
    /// The 1-based character position of the problem; one past the end when the selector stops too early.
    public let position: Int
    /// What went wrong, phrased as what was expected, such as `expected a selector after '>'`.
    public let reason: String

    /// Creates an error; the tokenizer and parser build these.
    public init(selector: String, position: Int, reason: String) {
        self.selector = selector
        self.position = position
        self.reason = reason
    }

    /// The full message, such as `invalid CSS selector "div >" at position 6: expected a selector after '>'`.
    public var description: String {
        "invalid CSS selector \"\(selector)\" at position \(position): \(reason)"
    }
}
