import PricewatchHashing

/// A SHA-256 digest as snapshots use it: of a file's bytes, or of a record's content (``Record/contentFingerprint``).
///
/// Written in `.index.json` as 64 lower-case hexadecimal digits.
struct SnapshotDigest: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 32 digest bytes.
    let bytes: [UInt8]

    /// The digest of `data`.
    init(of data: some Collection<UInt8>) {
        bytes = SHA256.hash(data)
    }

    /// Reads 64 hexadecimal digits, or returns nil for anything else.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == SHA256.digestSize * 2 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(SHA256.digestSize)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.value(ofHexDigit: digits[index]), let low = Self.value(ofHexDigit: digits[index + 1])
            else { return nil }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    var description: String { bytes.hexString }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let digest = SnapshotDigest(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a SHA-256 digest")
        }
        self = digest
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func value(ofHexDigit digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension Record {
    /// The SHA-256 of everything the record says except when it was fetched: equal fingerprints mean
    /// ``hasSameContent(as:)``, so a run can tell an unchanged page without decoding the stored record.
    ///
    /// Hashes a canonical serialization, not JSON: every content field in a fixed order, strings with their
    /// UTF-8 length first (so `("ab", "c")` and `("a", "bc")` differ), dictionaries in key order (so insertion
    /// order does not matter), amounts as they are stored (``Amount/description``), so a record and the
    /// record read back from its file have the same fingerprint.
    var contentFingerprint: SnapshotDigest {
        var writer = ContentWriter()
        writeContent(to: &writer)
        return SnapshotDigest(of: writer.bytes)
    }

    /// The stored fields that are not content, and so not in ``contentFingerprint``.
    static let fieldsOutsideContent: Set<String> = ["fetchedAt"]
}

/// A value whose content goes into a ``Record/contentFingerprint``.
protocol ContentFingerprinting {
    /// Writes the value's content; a struct passes each content field to ``ContentWriter/field(_:_:)``.
    func writeContent(to writer: inout ContentWriter)
}

/// Builds the canonical bytes of a record's content; every value writes itself so that the bytes are
/// self-delimiting (lengths, counts and tags first) and two different contents never give the same bytes.
struct ContentWriter {
    private(set) var bytes: [UInt8] = []
    /// The fields the outermost value wrote, by name: the completeness test compares them with the type's
    /// stored properties, so a field added to a model but not to its fingerprint fails a test.
    private(set) var topLevelFields: [String] = []
    /// Only ``fields(of:)`` notes field names: every fingerprint of a run would otherwise build those strings.
    private let notesFields: Bool
    private var depth = 0

    init() {
        self.init(notingFields: false)
    }

    private init(notingFields: Bool) {
        notesFields = notingFields
        bytes.reserveCapacity(4096)
    }

    /// Writes one named field of a struct.
    mutating func field(_ name: StaticString, _ value: some ContentFingerprinting) {
        if notesFields, depth == 0 { topLevelFields.append("\(name)") }
        depth += 1
        value.writeContent(to: &self)
        depth -= 1
    }

    /// Writes a number in 8 little-endian bytes: string lengths, element counts and enum tags.
    mutating func count(_ value: Int) {
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Writes a string's UTF-8 bytes after their length.
    mutating func string(_ text: String) {
        count(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    /// Writes a field that most records leave out (what zero-config reading adds) only when it is present,
    /// after a tag no length or count reaches, so the fingerprints of records without it stay as they were.
    mutating func presentField<Value: ContentFingerprinting>(_ name: StaticString, _ value: Value?) {
        if notesFields, depth == 0 { topLevelFields.append("\(name)") }
        guard let value else { return }
        count(Int(bitPattern: UInt(UInt64.max - 1)))
        depth += 1
        value.writeContent(to: &self)
        depth -= 1
    }

    /// The fields `value` writes at its top level, in order.
    static func fields(of value: some ContentFingerprinting) -> [String] {
        var writer = ContentWriter(notingFields: true)
        value.writeContent(to: &writer)
        return writer.topLevelFields
    }
}

extension String: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) { writer.string(self) }
}

extension Optional: ContentFingerprinting where Wrapped: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        switch self {
        case .none: writer.count(0)
        case .some(let value):
            writer.count(1)
            value.writeContent(to: &writer)
        }
    }
}

extension Array: ContentFingerprinting where Element: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        writer.count(count)
        for element in self { element.writeContent(to: &writer) }
    }
}

extension Dictionary: ContentFingerprinting where Key == String, Value: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        writer.count(count)
        for (key, value) in sorted(by: { $0.key < $1.key }) {
            key.writeContent(to: &writer)
            value.writeContent(to: &writer)
        }
    }
}

extension Record: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        writer.field("schema", schema)
        writer.field("target", target)
        writer.field("site", site)
        writer.field("url", url)
        writer.field("vendor", vendor)
        writer.field("lastVerified", lastVerified)
        writer.field("freeTier", freeTier)
        writer.field("priceRange", priceRange)
        writer.field("plans", plans)
        writer.field("alternatives", alternatives)
        writer.field("extras", extras)
        writer.presentField("extraction", extraction)
    }
}

extension Plan: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        writer.field("name", name)
        writer.field("prices", prices)
        writer.field("bestFor", bestFor)
        writer.field("features", features)
        writer.presentField("confidence", confidence)
    }
}

extension Alternative: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        writer.field("name", name)
        writer.field("startingPrice", startingPrice)
        writer.field("topPrice", topPrice)
    }
}

extension PriceRange: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        writer.field("low", low)
        writer.field("high", high)
    }
}

extension Price: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        writer.field("raw", raw)
        writer.field("kind", kind.rawValue)
        writer.field("amount", amount)
        writer.field("currency", currency)
        writer.field("period", period)
        writer.field("unit", unit)
    }
}

extension Amount: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        writer.field("value", description)
    }
}

extension ExtraValue: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) {
        // A tag per case, so `.text("a")` and `.list(["a"])` differ; the switch makes a new case a compile error.
        switch self {
        case .text(let text):
            writer.count(0)
            text.writeContent(to: &writer)
        case .list(let list):
            writer.count(1)
            list.writeContent(to: &writer)
        case .price(let price):
            writer.count(2)
            price.writeContent(to: &writer)
        }
    }
}

extension Int: ContentFingerprinting {
    func writeContent(to writer: inout ContentWriter) { writer.count(self) }
}
