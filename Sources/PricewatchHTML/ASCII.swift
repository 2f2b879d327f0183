/// The ASCII bytes HTML tokenizing looks at.
enum ASCII {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let exclamation = UInt8(ascii: "!")
    static let question = UInt8(ascii: "?")
    static let hyphen = UInt8(ascii: "-")
    static let equals = UInt8(ascii: "=")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")
    static let underscore = UInt8(ascii: "_")
    static let colon = UInt8(ascii: ":")
    /// `<!DOCTYPE`'s keyword, in the lowercase ``RawTextStripper`` compares with.
    static let doctype = Array("doctype".utf8)

    /// Whether `word` (lower-case ASCII) is spelled at `index` of `bytes`, in any case.
    static func spells<Bytes: RandomAccessCollection<UInt8>>(_ word: [UInt8], in bytes: Bytes, at index: Int) -> Bool
    where Bytes.Index == Int {
        guard index >= bytes.startIndex, index + word.count <= bytes.endIndex else { return false }
        for offset in word.indices {
            let byte = bytes[index + offset]
            if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != word[offset] { return false }
        }
        return true
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    /// Letters, digits and `: - _ .`, the characters libxml2 accepts in an HTML tag name.
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x3A || byte == 0x2D || byte == 0x5F
            || byte == 0x2E
    }
}
