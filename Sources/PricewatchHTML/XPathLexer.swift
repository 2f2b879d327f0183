/// One token of an XPath 1.0 expression, with where it stands in the source.
struct XPathToken: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// `'text'` or `"text"`.
        case literal
        /// `12`, `1.5` or `.5`.
        case number
        /// `$name` (a prefixed name is kept whole: `p:name`).
        case variable(String)
        /// A name followed by `(` that is not a node type: `count`, `ex:f`.
        case functionName(prefix: String?, name: String)
        /// `text`, `node`, `comment` or `processing-instruction` before `(`.
        case nodeType(String)
        /// A name followed by `::`.
        case axisName(String)
        /// `td`, `svg:rect`, `*` or `svg:*`.
        case nameTest(prefix: String?, name: String)
        /// `and`, `or`, `div` or `mod` where an operator is expected.
        case operatorName(String)
        /// `*` where an operator is expected.
        case multiply
        /// Punctuation and the other operators: `/ // [ ] ( ) @ , | :: . .. + - = != < <= > >=`.
        case symbol(String)
    }

    let kind: Kind
    /// The token's place in the source, in Unicode scalars.
    let range: Range<Int>

    /// Whether this is the punctuation or operator `text`.
    func isSymbol(_ text: String) -> Bool { kind == .symbol(text) }
}

/// Splits an XPath 1.0 expression into tokens by the lexical rules of XPath 1.0, section 3.7.
///
/// The rules that make XPath context-sensitive are applied here, so callers can trust a token's kind: after
/// an operand, `*` multiplies and `and`/`or`/`div`/`mod` are operators; a name before `(` is a function or a
/// node type, a name before `::` an axis. Text the lexer does not know (an unterminated literal, a stray
/// character) becomes a symbol; libxml2 rejects such an expression when it is compiled.
///
/// It reads Unicode scalars as libxml2 does, not Characters: a prepended mark such as U+0605 inside a literal
/// would otherwise join the closing quote into one Character and hide the end of the literal, and with it a
/// positional predicate after it. Digits and whitespace are XPath's ASCII ones.
enum XPathLexer {
    private static let nodeTypes: Set<String> = ["comment", "text", "processing-instruction", "node"]
    private static let operatorNames: Set<String> = ["and", "or", "div", "mod"]
    private static let twoCharacterSymbols: Set<String> = ["//", "::", "..", "!=", "<=", ">="]

    static func tokens(in source: String) -> [XPathToken] {
        let characters = Array(source.unicodeScalars)
        var tokens: [XPathToken] = []
        var index = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isWhitespace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
        func isNameStart(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || !c.isASCII
        }
        func isNameCharacter(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || isDigit(c) || c == "-" || c == "." }
        func character(at position: Int) -> Unicode.Scalar? {
            position < characters.count ? characters[position] : nil
        }
        func text(_ range: Range<Int>) -> String {
            var text = ""
            text.unicodeScalars.append(contentsOf: characters[range])
            return text
        }
        func readName() -> String {
            let start = index
            while let c = character(at: index), isNameCharacter(c) { index += 1 }
            return text(start..<index)
        }
        func nextAfterSpaces() -> Int {
            var position = index
            while let c = character(at: position), isWhitespace(c) { position += 1 }
            return position
        }
        // XPath 1.0, 3.7: an operand ends unless the previous token is `@ :: ( [ ,` or an operator.
        func afterOperand() -> Bool {
            guard let previous = tokens.last else { return false }
            switch previous.kind {
            case .literal, .number, .variable, .nameTest, .nodeType: return true
            case .symbol(let text): return [")", "]", ".", ".."].contains(text)
            case .functionName, .axisName, .operatorName, .multiply: return false
            }
        }
        while index < characters.count {
            let start = index
            let c = characters[index]
            let kind: XPathToken.Kind
            if isWhitespace(c) {
                index += 1
                continue
            } else if c == "'" || c == "\"" {
                index += 1
                while let inner = character(at: index), inner != c { index += 1 }
                guard index < characters.count else {
                    tokens.append(XPathToken(kind: .symbol(String(c)), range: start..<start + 1))
                    index = start + 1
                    continue
                }
                index += 1
                kind = .literal
            } else if isDigit(c) || (c == "." && character(at: index + 1).map(isDigit) == true) {
                while let digit = character(at: index), isDigit(digit) || digit == "." { index += 1 }
                kind = .number
            } else if c == "$" {
                index += 1
                var name = readName()
                if character(at: index) == ":", let next = character(at: index + 1), isNameStart(next) {
                    index += 1
                    name += ":" + readName()
                }
                kind = .variable(name)
            } else if c == "*" {
                index += 1
                kind = afterOperand() ? .multiply : .nameTest(prefix: nil, name: "*")
            } else if isNameStart(c) {
                let operand = afterOperand()
                var prefix: String?
                var name = readName()
                if character(at: index) == ":", let next = character(at: index + 1), next != ":" {
                    index += 1
                    prefix = name
                    if next == "*" {
                        index += 1
                        name = "*"
                    } else {
                        name = readName()
                    }
                }
                let following = nextAfterSpaces()
                if operand, prefix == nil, operatorNames.contains(name) {
                    kind = .operatorName(name)
                } else if character(at: following) == "(" {
                    kind =
                        prefix == nil && nodeTypes.contains(name)
                        ? .nodeType(name) : .functionName(prefix: prefix, name: name)
                } else if prefix == nil, character(at: following) == ":", character(at: following + 1) == ":" {
                    kind = .axisName(name)
                } else {
                    kind = .nameTest(prefix: prefix, name: name)
                }
            } else if index + 1 < characters.count, twoCharacterSymbols.contains(text(index..<index + 2)) {
                index += 2
                kind = .symbol(text(start..<index))
            } else {
                index += 1
                kind = .symbol(String(c))
            }
            tokens.append(XPathToken(kind: kind, range: start..<index))
        }
        return tokens
    }

    /// The index of the token that closes the bracket or parenthesis opened at `open`; nil when unclosed.
    static func closing(_ tokens: [XPathToken], from open: Int) -> Int? {
        guard case .symbol(let opener) = tokens[open].kind, let closer = ["[": "]", "(": ")"][opener] else {
            return nil
        }
        var depth = 0
        for index in open..<tokens.count {
            if tokens[index].isSymbol(opener) { depth += 1 }
            if tokens[index].isSymbol(closer) {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }
}
