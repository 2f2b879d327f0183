import PricewatchHashing

/// A JSON document as a tree of the few kinds pricewatch's records and reports are made of, written in
/// exactly the text `JSONEncoder` gives with ``PricewatchJSON/encoder(pretty:)``'s settings, and read back
/// without `JSONDecoder`.
///
/// A changed target's record is encoded for `latest.json` and its stored one decoded for the diff, and
/// Foundation's coders were a fifth of the cost of storing a change; the report of a thousand targets took
/// them longer than the rest of the run's end. Anything outside this subset (floating
/// point numbers, booleans, duplicate keys, non-ASCII keys, nesting deeper than ``maximumDepth``) makes
/// the writer or reader return nil, and the caller falls back to the Foundation coder, so the answer is
/// always the coder's.
package enum JSONValue: Equatable {
    case null
    case string(String)
    case integer(Int)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Deeper documents are left to the Foundation coders (a record is five levels deep).
    static let maximumDepth = 32

    /// The pretty text with sorted keys and unescaped slashes, ending in a newline; nil when the encoder's
    /// key order cannot be vouched for (non-ASCII keys) or the tree is deeper than ``maximumDepth``.
    package var prettyText: [UInt8]? {
        var writer = PrettyWriter()
        writer.bytes.reserveCapacity(8192)
        guard writer.write(self, depth: 0) else { return nil }
        writer.bytes.append(0x0A)
        return writer.bytes
    }

    /// Parses JSON text; nil for invalid text and for anything outside the subset (see the type's comment).
    package init?(parsing bytes: [UInt8]) {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        guard let value = parser.value(depth: 0) else { return nil }
        parser.skipWhitespace()
        guard parser.atEnd else { return nil }
        self = value
    }
}

// MARK: - Writing

/// Writes the layout of `JSONEncoder`'s `.prettyPrinted`: two-space indents, `" : "` between key and value,
/// and an empty array or object as its brackets around a blank line.
private struct PrettyWriter {
    var bytes: [UInt8] = []

    mutating func write(_ value: JSONValue, depth: Int) -> Bool {
        guard depth < JSONValue.maximumDepth else { return false }
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .string(let text): bytes.appendJSONString(text)
        case .integer(let number): bytes.append(contentsOf: String(number).utf8)
        case .array(let items):
            bytes.append(contentsOf: "[\n".utf8)
            for (index, item) in items.enumerated() {
                indent(depth + 1)
                guard write(item, depth: depth + 1) else { return false }
                if index < items.count - 1 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(0x0A)
            }
            close("]", empty: items.isEmpty, depth: depth)
        case .object(let members):
            // The encoder sorts keys as Swift strings, which for ASCII keys is byte order.
            guard members.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return false }
            bytes.append(contentsOf: "{\n".utf8)
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                indent(depth + 1)
                bytes.appendJSONString(key)
                bytes.append(contentsOf: " : ".utf8)
                guard let member = members[key], write(member, depth: depth + 1) else { return false }
                if index < keys.count - 1 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(0x0A)
            }
            close("}", empty: members.isEmpty, depth: depth)
        }
        return true
    }

    private mutating func close(_ bracket: Unicode.Scalar, empty: Bool, depth: Int) {
        if empty { bytes.append(0x0A) }
        indent(depth)
        bytes.append(UInt8(ascii: bracket))
    }

    private mutating func indent(_ depth: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }
}

extension [UInt8] {
    /// A string literal escaped as the encoder escapes: quote, backslash and control characters only.
    mutating func appendJSONString(_ text: String) {
        append(UInt8(ascii: "\""))
        defer { append(UInt8(ascii: "\"")) }
        // Most texts need no escape and are copied whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            return append(contentsOf: text.utf8)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x08: append(contentsOf: #"\b"#.utf8)
            case 0x0C: append(contentsOf: #"\f"#.utf8)
            case 0x0A: append(contentsOf: #"\n"#.utf8)
            case 0x0D: append(contentsOf: #"\r"#.utf8)
            case 0x09: append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20: append(contentsOf: "\\u00\([byte].hexString)".utf8)
            default: append(byte)
            }
        }
    }
}

// MARK: - Reading

/// A recursive-descent reader of standard JSON text restricted to ``JSONValue``'s kinds.
private struct Parser {
    var text: JSONTextReader

    init(bytes: [UInt8]) {
        text = JSONTextReader(bytes: bytes)
    }

    var atEnd: Bool { text.atEnd }

    mutating func skipWhitespace() { text.skipWhitespace() }

    mutating func value(depth: Int) -> JSONValue? {
        guard depth < JSONValue.maximumDepth, let first = text.next else { return nil }
        switch first {
        case UInt8(ascii: "\""): return text.string().map(JSONValue.string)
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "n"): return text.literal("null") ? .null : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer().map(JSONValue.integer)
        default: return nil
        }
    }

    private mutating func object(depth: Int) -> JSONValue? {
        guard text.literal("{") else { return nil }
        // Room for a price's six keys and a plan's four without growing: resizing was a tenth of the parse.
        var members = [String: JSONValue](minimumCapacity: 8)
        text.skipWhitespace()
        if text.literal("}") { return .object(members) }
        repeat {
            text.skipWhitespace()
            guard let key = text.string() else { return nil }
            text.skipWhitespace()
            guard text.literal(":") else { return nil }
            text.skipWhitespace()
            // A repeated key is left to the decoder, which keeps the first.
            guard let member = value(depth: depth + 1), members.updateValue(member, forKey: key) == nil else {
                return nil
            }
            text.skipWhitespace()
        } while text.literal(",")
        return text.literal("}") ? .object(members) : nil
    }

    private mutating func array(depth: Int) -> JSONValue? {
        guard text.literal("[") else { return nil }
        var items: [JSONValue] = []
        text.skipWhitespace()
        if text.literal("]") { return .array(items) }
        repeat {
            text.skipWhitespace()
            guard let item = value(depth: depth + 1) else { return nil }
            items.append(item)
            text.skipWhitespace()
        } while text.literal(",")
        return text.literal("]") ? .array(items) : nil
    }

    /// An integer as JSON writes it (no leading zeros), within `Int`; fractions and exponents are left to
    /// the decoder.
    private mutating func integer() -> Int? {
        let start = text.position
        guard let number = text.number() else { return nil }
        let digits = text.bytes[start..<text.position].drop { $0 == UInt8(ascii: "-") }
        guard digits.first != UInt8(ascii: "0") || digits.count == 1 else { return nil }
        if let next = text.next, next == UInt8(ascii: ".") || next | 0x20 == UInt8(ascii: "e") { return nil }
        return Int(exactly: number)
    }
}
