/// A JSON document as a tree of the kinds pricewatch's formats are made of: what ``JSONValueEncoder`` makes
/// of a value's `Encodable` conformance and writes as text, and what the reader makes of text for
/// ``JSONValueDecoder``.
///
/// The text it writes is pricewatch's JSON layout, defined here rather than by Foundation, so a toolchain
/// update cannot change a format: object keys sorted by their UTF-8 bytes, only the quote, the backslash
/// and control characters escaped (slashes and non-ASCII text as they are), integers in decimal, and in the
/// pretty form two-space indents, `" : "` between key and value and an empty array or object as its
/// brackets around a blank line. That is, byte for byte, the text of `JSONEncoder` with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` today, and a test holds the two side by side.
///
/// The reader takes standard JSON text but only this subset: floating point numbers, booleans, duplicate
/// keys and nesting deeper than ``maximumDepth`` make it return nil, and the caller then leaves the text to
/// Foundation's decoder, so what pricewatch reads is always what the decoder would read.
package enum JSONValue: Equatable, Sendable {
    case null
    case string(String)
    /// An integer's decimal text: an optional minus and digits without leading zeros. Kept as text so that
    /// every integer type (`Int`, `UInt64`, ...) is read and written exactly.
    case integer(String)
    case array([JSONValue])
    case object(JSONObject)

    /// Deeper documents are left to the Foundation decoder (a record is five levels deep).
    package static let maximumDepth = 32

    /// The text in pricewatch's layout, pretty (the files people read and diff) or compact (one line, no
    /// spaces), ending in a newline.
    package func text(pretty: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8192)
        append(to: &bytes, pretty: pretty)
        bytes.append(0x0A)
        return bytes
    }

    /// Appends the value's text in pricewatch's layout, without a final newline: a part of a document that is
    /// written piece by piece (`.index.json`).
    package func append(to bytes: inout [UInt8], pretty: Bool) {
        var writer = Writer(pretty: pretty, bytes: bytes)
        bytes = []
        writer.write(self, depth: 0)
        bytes = writer.bytes
    }

    /// Whether `key` comes before `other` in an object's text: UTF-8 byte order, which is also Unicode
    /// scalar order, without Unicode normalization.
    package static func keyPrecedes(_ key: String, _ other: String) -> Bool {
        // Compared in buffers: the generic comparison of the two `UTF8View`s was a tenth of writing a file.
        var key = key
        var other = other
        return key.withUTF8 { key in
            other.withUTF8 { other in
                for index in 0..<min(key.count, other.count) where key[index] != other[index] {
                    return key[index] < other[index]
                }
                return key.count < other.count
            }
        }
    }

    /// Reads one value at the reader's position (after any whitespace), leaving the reader after it; nil
    /// when what comes is not a value of the subset.
    package static func read(from text: inout JSONTextReader) -> JSONValue? {
        var parser = Parser(text: text)
        parser.skipWhitespace()
        let value = parser.value(depth: 0)
        text = parser.text
        return value
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

private struct Writer {
    let pretty: Bool
    var bytes: [UInt8]

    mutating func write(_ value: JSONValue, depth: Int) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .string(let text): bytes.appendJSONString(text)
        case .integer(let digits): bytes.append(contentsOf: digits.utf8)
        case .array(let items):
            open("[", depth: depth)
            for (index, item) in items.enumerated() {
                separate(index, depth: depth)
                write(item, depth: depth + 1)
            }
            close("]", empty: items.isEmpty, depth: depth)
        case .object(let object):
            open("{", depth: depth)
            // The members are in key order already (see ``JSONObject``).
            for (index, member) in object.members.enumerated() {
                write(member.value, key: member.key, index, depth: depth)
            }
            close("}", empty: object.isEmpty, depth: depth)
        }
    }

    /// An object's member, the `index`-th of an object at `depth`.
    mutating func write(_ member: JSONValue, key: String, _ index: Int, depth: Int) {
        separate(index, depth: depth)
        bytes.appendJSONString(key)
        bytes.append(contentsOf: pretty ? " : ".utf8 : ":".utf8)
        write(member, depth: depth + 1)
    }

    mutating func open(_ bracket: Unicode.Scalar, depth: Int) {
        bytes.append(UInt8(ascii: bracket))
        if pretty { bytes.append(0x0A) }
    }

    /// The comma before every item but the first, and in the pretty form the line break and indent.
    private mutating func separate(_ index: Int, depth: Int) {
        if index > 0 {
            bytes.append(UInt8(ascii: ","))
            if pretty { bytes.append(0x0A) }
        }
        indent(depth + 1)
    }

    mutating func close(_ bracket: Unicode.Scalar, empty: Bool, depth: Int) {
        // The last item's line ends, or an empty container's blank line stands alone.
        if pretty { bytes.append(0x0A) }
        indent(depth)
        bytes.append(UInt8(ascii: bracket))
    }

    private mutating func indent(_ depth: Int) {
        guard pretty else { return }
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }
}

extension JSONValue {
    /// Hands the text of the object of `members` (values made by `value`) to `output` in pieces of about 64 KB,
    /// one member at a time, byte for byte what ``text(pretty:)`` gives for it: a document naming every
    /// target (`last-seen.json`) is never a tree or a text whole in memory.
    package static func writeObject<Member>(
        _ members: [String: Member], pretty: Bool, value: (Member) -> JSONValue,
        to output: (UnsafeRawBufferPointer) -> Void
    ) {
        let pieceSize = 64 * 1024
        var writer = Writer(pretty: pretty, bytes: [])
        writer.bytes.reserveCapacity(pieceSize + 4096)
        writer.open("{", depth: 0)
        for (index, (key, member)) in members.sorted(by: { keyPrecedes($0.key, $1.key) }).enumerated() {
            writer.write(value(member), key: key, index, depth: 0)
            if writer.bytes.count >= pieceSize {
                writer.bytes.withUnsafeBytes(output)
                writer.bytes.removeAll(keepingCapacity: true)
            }
        }
        writer.close("}", empty: members.isEmpty, depth: 0)
        writer.bytes.append(0x0A)
        writer.bytes.withUnsafeBytes(output)
    }
}

extension [UInt8] {
    /// A string literal in pricewatch's escaping: quote, backslash and control characters only.
    package mutating func appendJSONString(_ text: String) {
        append(UInt8(ascii: "\""))
        defer { append(UInt8(ascii: "\"")) }
        // Most texts need no escape and are copied whole. Scanned as a buffer: through the `UTF8View`'s
        // iterator the scan was a tenth of writing a file.
        let copied = text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            else { return false }
            append(contentsOf: utf8)
            return true
        }
        if copied == true { return }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x08: append(contentsOf: #"\b"#.utf8)
            case 0x0C: append(contentsOf: #"\f"#.utf8)
            case 0x0A: append(contentsOf: #"\n"#.utf8)
            case 0x0D: append(contentsOf: #"\r"#.utf8)
            case 0x09: append(contentsOf: #"\t"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                append(contentsOf: #"\u00"#.utf8)
                append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
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

    init(text: JSONTextReader) {
        self.text = text
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
        var members: [JSONObject.Member] = []
        members.reserveCapacity(8)
        text.skipWhitespace()
        if text.literal("}") { return .object(JSONObject()) }
        repeat {
            text.skipWhitespace()
            guard let key = text.string() else { return nil }
            text.skipWhitespace()
            guard text.literal(":") else { return nil }
            text.skipWhitespace()
            guard let member = value(depth: depth + 1) else { return nil }
            members.append(JSONObject.Member(key: key, value: member))
            text.skipWhitespace()
        } while text.literal(",")
        // A repeated key is left to the decoder, which has its own rule for it.
        guard text.literal("}"), let object = JSONObject(reading: consume members) else { return nil }
        return .object(object)
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

    /// An integer as JSON writes it (no leading zeros), within `Int64`; fractions and exponents are left to
    /// the decoder.
    private mutating func integer() -> String? {
        let start = text.position
        guard text.number() != nil else { return nil }
        let written = text.bytes[start..<text.position]
        let digits = written.drop { $0 == UInt8(ascii: "-") }
        guard digits.first != UInt8(ascii: "0") || digits.count == 1 else { return nil }
        if let next = text.next, next == UInt8(ascii: ".") || next | 0x20 == UInt8(ascii: "e") { return nil }
        return String(decoding: written, as: UTF8.self)
    }
}
