/// One lexical unit of a CSS selector, with the 1-based character position it starts at.
struct CSSToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A name such as `div`, `data-plan` or `-n`.
        case ident(String)
        /// `#name`, holding the name.
        case hash(String)
        /// A quoted string, holding its unescaped contents.
        case string(String)
        /// A run of ASCII digits.
        case number(String)
        /// An attribute operator: `=`, `~=`, `^=`, `$=`, `*=` or `|=`.
        case match(String)
        /// A single punctuation character: `.`, `*`, `[`, `]`, `(`, `)`, `,`, `>`, `+`, `~`, `:`, or a `-`
        /// that does not start a name (as in `:nth-child(-2n+1)`).
        case delim(Character)
        /// One or more whitespace characters; significant because it is the descendant combinator.
        case whitespace
        /// The end of the selector.
        case end
    }

    let kind: Kind
    let position: Int
    /// The source text the token covers, used to reassemble `an+b` arguments.
    let text: String
}

/// Splits a selector into ``CSSToken``s; the parser then works on tokens only.
struct CSSTokenizer {
    private let selector: String
    private let characters: [Character]
    private var index = 0

    init(_ selector: String) {
        self.selector = selector
        self.characters = Array(selector)
    }

    /// Every token of the selector, ending with `.end`.
    mutating func tokens() throws(CSSSelectorError) -> [CSSToken] {
        var result: [CSSToken] = []
        while true {
            let token = try nextToken()
            result.append(token)
            if token.kind == .end { return result }
        }
    }

    private mutating func nextToken() throws(CSSSelectorError) -> CSSToken {
        let start = index
        guard let character = peek() else { return CSSToken(kind: .end, position: start + 1, text: "") }
        let kind: CSSToken.Kind
        if character.isWhitespace {
            while let next = peek(), next.isWhitespace { index += 1 }
            kind = .whitespace
        } else if character == "\"" || character == "'" {
            kind = .string(try scanString(quote: character))
        } else if character == "#" {
            index += 1
            guard startsName(at: index) else { throw error(at: index, "expected an id name after '#'") }
            kind = .hash(try scanName())
        } else if character.isASCII && character.isNumber {
            while let next = peek(), next.isASCII, next.isNumber { index += 1 }
            kind = .number(String(characters[start..<index]))
        } else if startsIdentifier(at: index) {
            kind = .ident(try scanName())
        } else if "~^$*|".contains(character), peek(offset: 1) == "=" {
            index += 2
            kind = .match(String(characters[start..<index]))
        } else if character == "=" {
            index += 1
            kind = .match("=")
        } else if ".*[](),>+~:-".contains(character) {
            index += 1
            kind = .delim(character)
        } else {
            throw error(at: start, "unexpected character '\(character)'")
        }
        return CSSToken(kind: kind, position: start + 1, text: String(characters[start..<index]))
    }

    private func peek(offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_" || !character.isASCII
    }

    private func startsName(at position: Int) -> Bool {
        guard position < characters.count else { return false }
        return isNameCharacter(characters[position]) || characters[position] == "\\"
    }

    /// An identifier starts with a letter, `_`, an escape, or `-` followed by one of those (as in `-n+3`).
    private func startsIdentifier(at position: Int) -> Bool {
        guard position < characters.count else { return false }
        let first = characters[position]
        if first == "-" { return startsIdentifier(at: position + 1) && characters[position + 1] != "-" }
        return first.isLetter || first == "_" || first == "\\" || !first.isASCII
    }

    private mutating func scanName() throws(CSSSelectorError) -> String {
        var name = ""
        while let character = peek() {
            if character == "\\" {
                name.append(try scanEscape())
            } else if isNameCharacter(character) {
                name.append(character)
                index += 1
            } else {
                break
            }
        }
        return name
    }

    /// A backslash makes the next character literal, so `.a\.b` names the class `a.b`.
    private mutating func scanEscape() throws(CSSSelectorError) -> Character {
        index += 1
        guard let escaped = peek() else { throw error(at: index, "expected a character after '\\'") }
        index += 1
        return escaped
    }

    private mutating func scanString(quote: Character) throws(CSSSelectorError) -> String {
        let opening = index
        index += 1
        var value = ""
        while let character = peek() {
            if character == quote {
                index += 1
                return value
            }
            if character == "\\" {
                value.append(try scanEscape())
            } else {
                value.append(character)
                index += 1
            }
        }
        throw error(at: opening, "unterminated string: expected a closing \(quote)")
    }

    private func error(at offset: Int, _ reason: String) -> CSSSelectorError {
        CSSSelectorError(selector: selector, position: offset + 1, reason: reason)
    }
}
