import PricewatchHashing

/// A SHA-256 digest as snapshots use it: of a file's bytes, or of a record's content (``Record/contentFingerprint``).
///
/// Written in `.index.json` as 64 lower-case hexadecimal digits.
struct SnapshotDigest: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 32 digest bytes, eight to a word in order (big-endian), held inline: `.index.json` keeps four
    /// digests a target, and as byte arrays they were four allocations a target (32 MB at 100,000 targets).
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The 32 digest bytes.
    var bytes: [UInt8] {
        [words.0, words.1, words.2, words.3].flatMap { word in
            (0..<8).reversed().map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        }
    }

    private init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == SHA256.digestSize)
        var words: [UInt64] = []
        var word: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            word = word << 8 | UInt64(byte)
            if index % 8 == 7 {
                words.append(word)
                word = 0
            }
        }
        self.words = (words[0], words[1], words[2], words[3])
    }

    /// A digest given as its 32 bytes, or nil for any other length.
    init?(digest bytes: [UInt8]) {
        guard bytes.count == SHA256.digestSize else { return nil }
        self.init(bytes: bytes)
    }

    /// The digest of `data`.
    init(of data: some Collection<UInt8>) {
        self.init(bytes: SHA256.hash(data))
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
        self.init(bytes: bytes)
    }

    static func == (left: SnapshotDigest, right: SnapshotDigest) -> Bool {
        left.words == right.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
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
    /// Hashes the record's canonical content bytes (``ContentEncoder``), derived from the same `Encodable`
    /// conformance as its JSON: a field added to the model is in its fingerprint too. Amounts are written as
    /// they are stored (``Amount/description``), so a record and the record read back from its file have the
    /// same fingerprint. The bytes must not change between versions: `.index.json` keeps fingerprints, and a
    /// test pins one.
    var contentFingerprint: SnapshotDigest {
        SnapshotDigest(of: ContentEncoder.bytes(of: self, excluding: Self.fieldsOutsideContent))
    }

    /// The stored fields (coding keys) that are not content, and so not in ``contentFingerprint``.
    static let fieldsOutsideContent: Set<String> = [CodingKeys.fetchedAt.stringValue]
}

extension ExtraValue: ContentTagged {
    /// A text and a list of one text must not write the same bytes.
    var contentTag: Int {
        switch self {
        case .text: 0
        case .list: 1
        case .price: 2
        }
    }
}
