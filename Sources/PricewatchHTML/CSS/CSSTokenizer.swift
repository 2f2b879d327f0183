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
        case delim(Unicode.Scalar)
        /// One or more whitespace characters; significant because it is the descendant combinator.
        case whitespace
        /// The end of the selector.
        case end
    }

    let kind: Kind
    /// Counted in Unicode scalars, as the tokenizer reads: a combining mark after `>` is not part of it.
    let position: Int
    /// The source text the token covers, used to reassemble `an+b` arguments.
    let text: String
}

/// Splits a selector into ``CSSToken``s; the parser then works on tokens only.
///
/// It reads Unicode scalars, as CSS does, not grapheme clusters: a prepended mark such as U+0605 would
/// otherwise join the `.` after it into one Character and hide the start of the next class.
struct CSSTokenizer {
    private let selector: String
    private let characters: [Unicode.Scalar]
    private var index = 0

    init(_ selector: String) {
        self.selector = selector
        self.characters = Array(selector.unicodeScalars)
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
        if Self.isWhitespace(character) {
            while let next = peek(), Self.isWhitespace(next) { index += 1 }
            kind = .whitespace
        } else if character == "\"" || character == "'" {
            kind = .string(try scanString(quote: character))
        } else if character == "#" {
            index += 1
            guard startsName(at: index) else { throw error(at: index, "expected an id name after '#'") }
            kind = .hash(try scanName())
        } else if Self.isDigit(character) {
            while let next = peek(), Self.isDigit(next) { index += 1 }
            kind = .number(text(start..<index))
        } else if startsIdentifier(at: index) {
            kind = .ident(try scanName())
        } else if "~^$*|".unicodeScalars.contains(character), peek(offset: 1) == "=" {
            index += 2
            kind = .match(text(start..<index))
        } else if character == "=" {
            index += 1
            kind = .match("=")
        } else if ".*[](),>+~:-".unicodeScalars.contains(character) {
            index += 1
            kind = .delim(character)
        } else {
            throw error(at: start, "unexpected character '\(character)'")
        }
        return CSSToken(kind: kind, position: start + 1, text: text(start..<index))
    }

    private func peek(offset: Int = 0) -> Unicode.Scalar? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private func text(_ range: Range<Int>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: characters[range])
        return text
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private func isNameCharacter(_ character: Unicode.Scalar) -> Bool {
        Self.isLetter(character) || Self.isDigit(character) || character == "-" || character == "_"
            || !character.isASCII
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
        return Self.isLetter(first) || first == "_" || first == "\\" || !first.isASCII
    }

    private mutating func scanName() throws(CSSSelectorError) -> String {
        var name = ""
        while let character = peek() {
            if character == "\\" {
                name.unicodeScalars.append(try scanEscape())
            } else if isNameCharacter(character) {
                name.unicodeScalars.append(character)
                index += 1
            } else {
                break
            }
        }
        return name
    }

    /// A backslash makes the next character literal, so `.a\.b` names the class `a.b`; one to six hex
    /// digits and an optional space name a code point, so `#\31 23` (what browsers' "Copy selector" writes
    /// for `id="123"`) names the id `123`. A code point that is zero, a surrogate or too large reads as
    /// U+FFFD, as CSS says.
    private mutating func scanEscape() throws(CSSSelectorError) -> Unicode.Scalar {
        index += 1
        guard let escaped = peek() else { throw error(at: index, "expected a character after '\\'") }
        var hex = ""
        while hex.count < 6, let next = peek(), next.properties.isASCIIHexDigit {
            hex.unicodeScalars.append(next)
            index += 1
        }
        guard let value = UInt32(hex, radix: 16) else {
            index += 1
            return escaped
        }
        if let space = peek(), Self.isWhitespace(space), space.isASCII { index += 1 }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return scalar
    }

    private mutating func scanString(quote: Unicode.Scalar) throws(CSSSelectorError) -> String {
        let opening = index
        index += 1
        var value = ""
        while let character = peek() {
            if character == quote {
                index += 1
                return value
            }
            if character == "\\" {
                value.unicodeScalars.append(try scanEscape())
            } else {
                value.unicodeScalars.append(character)
                index += 1
            }
        }
        throw error(at: opening, "unterminated string: expected a closing \(quote)")
    }

    private func error(at offset: Int, _ reason: String) -> CSSSelectorError {
        CSSSelectorError(selector: selector, position: offset + 1, reason: reason)
    }
}
