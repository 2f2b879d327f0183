/// The parsed form of a selector list, `a, b`: any one of the selectors may match.
struct CSSSelectorList: Sendable {
    var selectors: [CSSComplexSelector]
}

/// Compound selectors joined by combinators, such as `ul.plans > li span`.
struct CSSComplexSelector: Sendable {
    /// The leftmost compound selector.
    var first: CSSCompoundSelector
    /// Each following compound selector with the combinator that leads to it.
    var rest: [(combinator: CSSCombinator, compound: CSSCompoundSelector)]
}

/// How one compound selector relates to the previous one.
enum CSSCombinator: Equatable, Sendable {
    /// Whitespace: any descendant.
    case descendant
    /// `>`: a direct child.
    case child
    /// `+`: the next element sibling.
    case adjacentSibling
    /// `~`: any later element sibling.
    case generalSibling
}

/// A type selector plus conditions on the same element, such as `li.plan[data-tier]:first-child`.
struct CSSCompoundSelector: Equatable, Sendable {
    /// The lower-cased element name, or nil for `*` or an omitted type.
    var element: String?
    var conditions: [CSSCondition]
}

/// One test a compound selector applies to an element.
indirect enum CSSCondition: Equatable, Sendable {
    case id(String)
    case className(String)
    case attribute(name: String, match: CSSAttributeMatch?)
    case firstChild
    case lastChild
    /// `:nth-child(an+b)`: the element is the (a·n + b)th child for some n ≥ 0.
    case nthChild(a: Int, b: Int)
    case not(CSSCompoundSelector)
    /// `:contains("text")`: the element's string value contains the text.
    case contains(String)
}

/// An attribute selector's operator and value, as in `[data-plan^="pro"]`.
struct CSSAttributeMatch: Equatable, Sendable {
    enum Operator: String, Equatable, Sendable {
        case equals = "="
        case includesWord = "~="
        case hasPrefix = "^="
        case hasSuffix = "$="
        case containsSubstring = "*="
        case dashMatch = "|="
    }

    var op: Operator
    var value: String
}
