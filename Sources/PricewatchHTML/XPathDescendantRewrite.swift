/// Turns `//x[p]` into `/descendant::x[p]` wherever the two select the same nodes, so people write XPath
/// the natural way and it runs as fast as the hand-tuned form.
///
/// `//x[p]` means `/descendant-or-self::node()/child::x[p]`: libxml2 2.9 evaluates that by collecting every
/// node of the page and then the children of each, testing `p` once per parent's children, while
/// `/descendant::x[p]` walks the page once. The two agree whenever `p` ignores its context position and
/// size, which are counted among one parent's children in the first form and among all the page's `x` in the
/// second. So a step is rewritten only when each of its predicates provably yields a boolean, a string or a
/// node set (a number is compared with the position) and calls neither `position()` nor `last()` outside
/// a nested predicate. Everything else stays exactly as written: `//x[1]`, `//x[last()]`,
/// `//x[position() < 3]`, `//x[@a][2]`, `//x[$n]`, `//x[count(y)]`, `//@a`, `//self::x`, and any path in
/// parentheses that a predicate follows, such as `(//x)[1]`.
enum XPathDescendantRewrite {
    /// What a predicate's expression evaluates to, as far as its text tells.
    private enum ValueType {
        case boolean, string, number, nodeSet, unknown
    }

    private static let functionTypes: [String: ValueType] = [
        "not": .boolean, "true": .boolean, "false": .boolean, "boolean": .boolean, "contains": .boolean,
        "starts-with": .boolean, "lang": .boolean,
        "string": .string, "concat": .string, "substring": .string, "substring-before": .string,
        "substring-after": .string, "normalize-space": .string, "translate": .string, "local-name": .string,
        "name": .string, "namespace-uri": .string,
        "id": .nodeSet,
    ]
    private static let booleanOperators: Set<String> = ["=", "!=", "<", "<=", ">", ">="]

    /// `source` with every provably equivalent `//` step written `/descendant::`; unchanged when there is none.
    static func rewrite(_ source: String) -> String {
        let tokens = XPathLexer.tokens(in: source)
        // The rewrites inside each open parenthesis; a predicate after its `)` drops them.
        var groups: [[Range<Int>]] = [[]]
        for (index, token) in tokens.enumerated() {
            if token.isSymbol("(") {
                groups.append([])
            } else if token.isSymbol(")"), groups.count > 1 {
                let inner = groups.removeLast()
                if !(index + 1 < tokens.count && tokens[index + 1].isSymbol("[")) { groups[groups.count - 1] += inner }
            } else if token.isSymbol("//"), let replaced = rewritableStep(after: index, in: tokens) {
                groups[groups.count - 1].append(replaced)
            }
        }
        let rewrites = groups.flatMap { $0 }.sorted { $0.lowerBound < $1.lowerBound }
        guard !rewrites.isEmpty else { return source }
        let scalars = Array(source.unicodeScalars)  // the lexer's ranges count scalars
        var result = ""
        var copied = 0
        for range in rewrites {
            result.unicodeScalars.append(contentsOf: scalars[copied..<range.lowerBound])
            result += "/descendant::"
            copied = range.upperBound
        }
        result.unicodeScalars.append(contentsOf: scalars[copied...])
        return result
    }

    /// The source range to replace with `/descendant::` (the `//`, with a `child::` after it) when the step
    /// after the `//` at `slash` is a child step whose predicates all ignore position; nil otherwise.
    private static func rewritableStep(after slash: Int, in tokens: [XPathToken]) -> Range<Int>? {
        var index = slash + 1
        var replaced = tokens[slash].range
        if index + 1 < tokens.count, tokens[index].kind == .axisName("child"), tokens[index + 1].isSymbol("::") {
            replaced = replaced.lowerBound..<tokens[index + 1].range.upperBound
            index += 2
        }
        guard index < tokens.count else { return nil }
        switch tokens[index].kind {
        case .nameTest: index += 1
        case .nodeType:
            guard index + 1 < tokens.count, tokens[index + 1].isSymbol("("),
                let close = XPathLexer.closing(tokens, from: index + 1)
            else { return nil }
            index = close + 1
        default: return nil  // `@a`, `.`, `..`, another axis
        }
        while index < tokens.count, tokens[index].isSymbol("[") {
            guard let close = XPathLexer.closing(tokens, from: index),
                ignoresPosition(tokens[(index + 1)..<close])
            else { return nil }
            index = close + 1
        }
        return replaced
    }

    /// Whether a predicate's value is the same whatever its context position and size.
    private static func ignoresPosition(_ predicate: ArraySlice<XPathToken>) -> Bool {
        var depth = 0
        for token in predicate {
            if token.isSymbol("[") { depth += 1 }
            if token.isSymbol("]") { depth -= 1 }
            // A nested predicate has a context of its own.
            if depth == 0,
                token.kind == .functionName(prefix: nil, name: "position")
                    || token.kind == .functionName(prefix: nil, name: "last")
            {
                return false
            }
        }
        switch valueType(of: predicate) {
        case .boolean, .string, .nodeSet: return true
        case .number, .unknown: return false
        }
    }

    /// The type of an expression, read from its operator of lowest precedence, else from its one operand.
    private static func valueType(of expression: ArraySlice<XPathToken>) -> ValueType {
        guard let first = expression.first else { return .unknown }
        var depth = 0
        var arithmetic = false
        var union = false
        for token in expression {
            switch token.kind {
            case .symbol("("), .symbol("["): depth += 1
            case .symbol(")"), .symbol("]"): depth -= 1
            case _ where depth != 0: break
            case .operatorName("and"), .operatorName("or"): return .boolean
            case .symbol(let text) where booleanOperators.contains(text): return .boolean
            case .operatorName, .multiply, .symbol("+"), .symbol("-"): arithmetic = true
            case .symbol("|"): union = true
            default: break
            }
        }
        if arithmetic { return .number }
        if union { return .nodeSet }
        let last = expression.index(before: expression.endIndex)
        switch first.kind {
        case .symbol("("):
            let tokens = Array(expression)
            guard let close = XPathLexer.closing(tokens, from: 0) else { return .unknown }
            return close == tokens.count - 1 ? valueType(of: expression.dropFirst().dropLast()) : .nodeSet
        case .literal: return expression.count == 1 ? .string : .unknown
        case .number: return .number
        case .variable: return expression.count == 1 ? .unknown : .nodeSet
        case .functionName(let prefix, let name):
            let tokens = Array(expression)
            guard prefix == nil, tokens.count > 1, let close = XPathLexer.closing(tokens, from: 1) else {
                return .unknown
            }
            guard expression.startIndex + close == last else { return .nodeSet }  // `id('a')/b`
            return functionTypes[name] ?? .unknown
        default: return .nodeSet  // a location path
        }
    }
}
