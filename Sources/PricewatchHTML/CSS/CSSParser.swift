/// A recursive-descent parser from ``CSSToken``s to a ``CSSSelectorList``.
///
/// Grammar (whitespace between tokens is skipped except where it is the descendant combinator):
/// ```
/// list      := complex (',' complex)*
/// complex   := compound (combinator compound)*
/// compound  := (ident | '*')? ('#' id | '.' ident | '[' attribute ']' | ':' pseudo)*   -- at least one part
/// pseudo    := 'first-child' | 'last-child' | 'nth-child(' an+b ')' | 'not(' compound ')' | 'contains(' value ')'
/// ```
struct CSSParser {
    private let selector: String
    private let tokens: [CSSToken]
    private var index = 0

    init(selector: String, tokens: [CSSToken]) {
        self.selector = selector
        self.tokens = tokens
    }

    mutating func parseSelectorList() throws(CSSSelectorError) -> CSSSelectorList {
        var selectors: [CSSComplexSelector] = []
        while true {
            skipWhitespace()
            // A complex selector stops only at the end or at the ',' before the next one.
            selectors.append(try parseComplexSelector(after: selectors.isEmpty ? nil : ","))
            if current.kind == .end { return CSSSelectorList(selectors: selectors) }
            advance()
        }
    }

    // MARK: - Selectors

    /// Parses up to (not including) a ',' or the end; `after` names what came before, for messages.
    private mutating func parseComplexSelector(after: String?) throws(CSSSelectorError) -> CSSComplexSelector {
        let first = try parseCompoundSelector(expected: after.map { "a selector after '\($0)'" } ?? "a selector")
        var rest: [(combinator: CSSCombinator, compound: CSSCompoundSelector)] = []
        while true {
            let hadWhitespace = skipWhitespace()
            let combinator: CSSCombinator
            let symbol: String
            switch current.kind {
            case .delim(">"): (combinator, symbol) = (.child, ">")
            case .delim("+"): (combinator, symbol) = (.adjacentSibling, "+")
            case .delim("~"): (combinator, symbol) = (.generalSibling, "~")
            case .end, .delim(","):
                return CSSComplexSelector(first: first, rest: rest)
            default:
                guard hadWhitespace else {
                    throw error(at: current, "expected a combinator, ',' or the end of the selector")
                }
                rest.append((.descendant, try parseCompoundSelector(expected: "a selector")))
                continue
            }
            advance()
            skipWhitespace()
            rest.append((combinator, try parseCompoundSelector(expected: "a selector after '\(symbol)'")))
        }
    }

    /// Parses a type selector and the conditions glued to it; `expected` describes it for error messages.
    private mutating func parseCompoundSelector(expected: String) throws(CSSSelectorError) -> CSSCompoundSelector {
        var compound = CSSCompoundSelector(element: nil, conditions: [])
        var sawPart = false
        switch current.kind {
        case .ident(let name):
            compound.element = try htmlName(name, of: "an element", at: current)
            sawPart = true
            advance()
        case .delim("*"):
            sawPart = true
            advance()
        default:
            break
        }
        while let condition = try parseCondition() {
            compound.conditions.append(condition)
            sawPart = true
        }
        guard sawPart else { throw error(at: current, "expected \(expected)") }
        return compound
    }

    /// Parses one `#id`, `.class`, `[attribute]` or `:pseudo`, or returns nil when none starts here.
    private mutating func parseCondition() throws(CSSSelectorError) -> CSSCondition? {
        switch current.kind {
        case .hash(let name):
            advance()
            return .id(name)
        case .delim("."):
            advance()
            guard case .ident(let name) = current.kind else {
                throw error(at: current, "expected a class name after '.'")
            }
            advance()
            return .className(name)
        case .delim("["):
            advance()
            return try parseAttribute()
        case .delim(":"):
            advance()
            return try parsePseudoClass()
        default:
            return nil
        }
    }

    private mutating func parseAttribute() throws(CSSSelectorError) -> CSSCondition {
        skipWhitespace()
        guard case .ident(let rawName) = current.kind else {
            throw error(at: current, "expected an attribute name after '['")
        }
        let name = try htmlName(rawName, of: "an attribute", at: current)
        advance()
        skipWhitespace()
        var match: CSSAttributeMatch?
        if case .match(let symbol) = current.kind, let op = CSSAttributeMatch.Operator(rawValue: symbol) {
            advance()
            skipWhitespace()
            let value: String
            switch current.kind {
            case .ident(let text), .string(let text), .number(let text): value = text
            default:
                throw error(at: current, "expected a value after '\(symbol)' (quote it if it has spaces or symbols)")
            }
            advance()
            skipWhitespace()
            match = CSSAttributeMatch(op: op, value: value)
        }
        try expect(.delim("]"), "expected ']' to close the attribute selector")
        return .attribute(name: name, match: match)
    }

    private mutating func parsePseudoClass() throws(CSSSelectorError) -> CSSCondition {
        let nameToken = current
        guard case .ident(let rawName) = nameToken.kind else {
            throw error(
                at: nameToken,
                "expected a pseudo-class name after ':' (pseudo-elements such as '::before' are not supported)")
        }
        let name = rawName.lowercased()
        advance()
        switch name {
        case "first-child": return .firstChild
        case "last-child": return .lastChild
        case "nth-child", "not", "contains":
            try expect(.delim("("), "expected '(' after ':\(name)'")
            skipWhitespace()
            let condition: CSSCondition
            switch name {
            case "nth-child": condition = try parseNthArgument()
            case "not":
                condition = .not(try parseCompoundSelector(expected: "a simple or compound selector inside ':not()'"))
            default: condition = .contains(try parseContainsArgument())
            }
            skipWhitespace()
            try expect(.delim(")"), "expected ')' to close ':\(name)('")
            return condition
        default:
            throw error(
                at: nameToken,
                "unsupported pseudo-class ':\(rawName)'; use :first-child, :last-child, :nth-child(), :not() or :contains()"
            )
        }
    }

    private mutating func parseContainsArgument() throws(CSSSelectorError) -> String {
        switch current.kind {
        case .string(let text), .ident(let text), .number(let text):
            advance()
            return text
        default:
            throw error(at: current, "expected quoted text inside ':contains()'")
        }
    }

    /// Reassembles the tokens up to ')' into text such as `2n+1` and reads a, b from it.
    private mutating func parseNthArgument() throws(CSSSelectorError) -> CSSCondition {
        let start = current
        var text = ""
        loop: while true {
            switch current.kind {
            case .delim(")"), .end: break loop
            case .whitespace: break
            default: text += current.text
            }
            advance()
        }
        guard let (a, b) = Self.parseAnPlusB(text.lowercased()) else {
            throw error(at: start, "expected an+b, a number, 'odd' or 'even' inside ':nth-child()'")
        }
        return .nthChild(a: a, b: b)
    }

    /// Reads `odd`, `even`, `3`, `-n+3`, `2n+1`, `n`; nil for anything else.
    static func parseAnPlusB(_ text: String) -> (a: Int, b: Int)? {
        switch text {
        case "odd": return (2, 1)
        case "even": return (2, 0)
        default: break
        }
        guard let nIndex = text.firstIndex(of: "n") else { return signedInteger(text).map { (0, $0) } }
        let aText = String(text[..<nIndex])
        let bText = String(text[text.index(after: nIndex)...])
        let a: Int
        switch aText {
        case "", "+": a = 1
        case "-": a = -1
        default:
            guard let value = signedInteger(aText) else { return nil }
            a = value
        }
        if bText.isEmpty { return (a, 0) }
        guard bText.first == "+" || bText.first == "-", let b = signedInteger(bText) else { return nil }
        return (a, b)
    }

    private static func signedInteger(_ text: String) -> Int? {
        let digits = text.first == "+" || text.first == "-" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    // MARK: - Token helpers

    private var current: CSSToken { tokens[index] }

    private mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        guard current.kind == .whitespace else { return false }
        advance()
        return true
    }

    private mutating func expect(_ kind: CSSToken.Kind, _ reason: String) throws(CSSSelectorError) {
        guard current.kind == kind else { throw error(at: current, reason) }
        advance()
    }

    /// An element or attribute name, lower-cased as libxml2's HTML parser stores names. CSS escapes can put
    /// any character in a name (`a\>b`), but the XPath translation writes names bare, where `>`, `|`, `=`
    /// or a space would turn the step into a different, still valid, expression (found by fuzzing). So a
    /// name keeps to the ASCII characters XML names allow; other characters are left to the XPath compiler,
    /// which rejects them because no XPath operator is outside ASCII.
    private func htmlName(_ name: String, of kind: String, at token: CSSToken) throws(CSSSelectorError) -> String {
        let allowed = { (ascii: UInt8, first: Bool) -> Bool in
            switch ascii {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                return true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."): return !first
            default: return false
            }
        }
        for (index, scalar) in name.unicodeScalars.enumerated() where scalar.isASCII {
            guard allowed(UInt8(scalar.value), index == 0) else {
                throw error(
                    at: token,
                    "\(name.debugDescription) cannot be \(kind) name: names start with a letter or '_' and "
                        + "hold only letters, digits, '-', '_' and '.'")
            }
        }
        return name.lowercased()
    }

    private func error(at token: CSSToken, _ reason: String) -> CSSSelectorError {
        CSSSelectorError(selector: selector, position: token.position, reason: reason)
    }
}
