import PricewatchHashing

/// A SHA-256 digest as snapshots use it: of a file's bytes, or of a record's content (``Record/contentFingerprint``).
///
/// Written in `.index.json` as 64 lower-case hexadecimal digits. Every run reads and writes four digests a
/// target there, so the text is made from and read into the words directly, with no array in between.
struct SnapshotDigest: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 32 digest bytes, eight to a word in order (big-endian), held inline: `.index.json` keeps four
    /// digests a target, and as byte arrays they were four allocations a target (32 MB at 100,000 targets).
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The 32 digest bytes.
    var bytes: [UInt8] { withBigEndianBytes { Array($0) } }

    /// Calls `body` with the 32 digest bytes in order, from the stack.
    private func withBigEndianBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian), body)
    }

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// The digest of exactly 32 bytes.
    private init(bytes: [UInt8]) {
        precondition(bytes.count == SHA256.digestSize)
        let words = bytes.withUnsafeBytes { bytes in
            func word(_ index: Int) -> UInt64 {
                UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            }
            return (word(0), word(1), word(2), word(3))
        }
        self.init(words: words)
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

    /// Reads 64 lower-case hexadecimal digits, or returns nil for anything else.
    init?(hex: String) {
        var hex = hex
        let words = hex.withUTF8 { digits -> (UInt64, UInt64, UInt64, UInt64)? in
            guard digits.count == SHA256.digestSize * 2 else { return nil }
            // Sixteen digits to a word; any byte that is not a digit leaves the word nil.
            func word(_ index: Int) -> UInt64? {
                var word: UInt64 = 0
                for digit in digits[(index * 16)..<(index * 16 + 16)] {
                    guard let value = Self.value(ofHexDigit: digit) else { return nil }
                    word = word << 4 | UInt64(value)
                }
                return word
            }
            guard let first = word(0), let second = word(1), let third = word(2), let fourth = word(3) else {
                return nil
            }
            return (first, second, third, fourth)
        }
        guard let words else { return nil }
        self.init(words: words)
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

    /// The 64 lower-case hexadecimal digits.
    var description: String { withBigEndianBytes { $0.hexString } }

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
