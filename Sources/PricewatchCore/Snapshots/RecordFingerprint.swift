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
