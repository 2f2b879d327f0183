import Foundation
import PricewatchJSONCoding
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// pricewatch's JSON text is defined by ``JSONValue`` and ``JSONValueEncoder`` over the models' `Codable`
/// conformances. It was taken from Foundation's `JSONEncoder` with ``PricewatchJSON/encoder(pretty:)``'s
/// settings, which stays the reference: every model, in both forms, must be its text byte for byte, and read
/// back to the same value.
@Suite struct JSONLayoutTests {
    /// The fast reader's answer, or nil where `PricewatchJSON.decode` leaves the text to Foundation.
    static func fastRead<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> T? {
        JSONValue(parsing: bytes).flatMap { try? JSONValueDecoder.decode(type, from: $0) }
    }

    static func foundationText(_ value: some Encodable, pretty: Bool) throws -> [UInt8] {
        Array(try PricewatchJSON.encoder(pretty: pretty).encode(value)) + [0x0A]
    }

    static func expectFoundationsText<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        for pretty in [true, false] {
            let expected = try foundationText(value, pretty: pretty)
            #expect(
                try JSONValueEncoder.encode(value).text(pretty: pretty) == expected,
                "\(String(decoding: expected, as: UTF8.self))", sourceLocation: sourceLocation)
            #expect(try Array(PricewatchJSON.encode(value, pretty: pretty)) == expected, sourceLocation: sourceLocation)
        }
    }

    /// The text is Foundation's, and it reads back to the value both through the fast reader and Foundation's.
    static func expectRoundTrip<T: Codable & Equatable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        try expectFoundationsText(value, sourceLocation: sourceLocation)
        for pretty in [true, false] {
            let written = try JSONValueEncoder.encode(value).text(pretty: pretty)
            #expect(fastRead(T.self, written) == value, sourceLocation: sourceLocation)
            #expect(try PricewatchJSON.decoder().decode(T.self, from: Data(written)) == value)
        }
    }

    @Test func everyModelIsFoundationsText() throws {
        var random = SplitMix64(seed: 0x1A40)
        for round in 0..<150 {
            let record = RecordJSONTests.record(&random)
            try Self.expectRoundTrip(record)
            try Self.expectRoundTrip(
                HistoryEntry(
                    version: round * 7919, firstSeen: RecordJSONTests.text(&random), lastSeen: "t", record: record))
            let changes = (0..<Int(random.next() % 4)).map { _ in ReportJSONTests.change(&random) }
            try Self.expectRoundTrip(ChangeSet(target: record.target, changes: changes))
            try Self.expectRoundTrip(
                Report(
                    startedAt: "s", finishedAt: RecordJSONTests.text(&random),
                    targets: [
                        Report.TargetResult(
                            id: record.target, url: record.url, vendor: RecordJSONTests.maybe(&random),
                            status: .changed, changes: changes, error: RecordJSONTests.maybe(&random),
                            warnings: round % 2 == 0 ? [] : [RecordJSONTests.text(&random)])
                    ]))
            try Self.expectRoundTrip(
                PendingChanges(
                    target: record.target, url: record.url, vendor: record.vendor, recordedAt: record.fetchedAt,
                    changes: changes, content: record.contentFingerprint))
            try Self.expectRoundTrip(CacheValidatorsReadingTests.randomValidators(&random))
            try Self.expectRoundTrip(
                TargetFailure(
                    kind: .fetch, since: RecordJSONTests.text(&random), lastFailed: "l",
                    message: RecordJSONTests.text(&random)))
            try Self.expectFoundationsText(ExportRow.rows(of: record, seenAt: record.fetchedAt))
            try Self.expectRoundTrip([record.target: record.fetchedAt, RecordJSONTests.text(&random): "x"])
        }
        let index = SnapshotIndex(targets: SnapshotIndexWritingTests.realisticTargets(40))
        try Self.expectFoundationsText(index)
        #expect(
            Self.fastRead(SnapshotIndex.self, try JSONValueEncoder.encode(index).text(pretty: false))?.targets
                == index.targets)
    }

    /// Every control character, the characters JSON may escape but Foundation does not, and non-ASCII text in
    /// values and in keys, which are sorted by their UTF-8 bytes (decomposed accents included).
    @Test func escapesAndNonASCIITextAreFoundationsText() throws {
        let texts =
            (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + [
                "\u{7F}", "/", "\\/", "\u{2028}\u{2029}", "\u{FEFF}", "e\u{301}", "é", "😀", "Ａ", "価格", "€ 0,08",
                "\"quoted\"", "",
            ]
        try Self.expectRoundTrip(texts)
        // "e\u{301}" and "é" are one key to Swift: the first is kept.
        try Self.expectRoundTrip(Dictionary(texts.map { ($0, $0) }, uniquingKeysWith: { first, _ in first }))
        let keys = ["10", "9", "B", "a", "a10", "a9", "aB", "a_b", "z", "Z", "_", "é", "e\u{301}x", "ä", "€", "😀"]
        var record = RecordSamples.lumaV1
        record.extras = Dictionary(uniqueKeysWithValues: keys.map { ($0, ExtraValue.text($0)) })
        record.plans[0].prices = Dictionary(uniqueKeysWithValues: keys.map { ($0, RecordFingerprintTests.price) })
        try Self.expectRoundTrip(record)
    }

    struct Numbers: Codable, Equatable {
        var int: [Int] = [0, 1, -1, Int.min, Int.max]
        var int8: Int8 = .min
        var int64: Int64 = .min
        var uint8: UInt8 = .max
        var uint64: [UInt64] = [0, UInt64(Int64.max)]
        var amounts: [Amount?] = [Amount("0"), Amount("-0.5"), Amount("0.000000000001"), Amount("1234567890.12"), nil]
    }

    /// Integers of every width at their limits, and amounts (decimals, written as strings).
    @Test func numbersAreFoundationsText() throws {
        try Self.expectRoundTrip(Numbers())
        try Self.expectRoundTrip([Amount("12345678901234567890.123456789012")])
        // Beyond Int64 the reader steps aside, and Foundation's decoder reads it.
        let huge = [UInt64.max]
        try Self.expectFoundationsText(huge)
        let written = try JSONValueEncoder.encode(huge).text(pretty: true)
        #expect(Self.fastRead([UInt64].self, written) == nil)
        #expect(try PricewatchJSON.decode([UInt64].self, from: written) == huge)
    }

    @Test func emptyAndNestedEmptyCollectionsAreFoundationsText() throws {
        try Self.expectRoundTrip([[String]]())
        try Self.expectRoundTrip([[String]](repeating: [], count: 3))
        try Self.expectRoundTrip(["a": [String: String](), "b": ["c": ""]])
        try Self.expectRoundTrip(Record(target: "t", site: "s", fetchedAt: "f", plans: [Plan(name: "")]))
        try Self.expectRoundTrip(Report(startedAt: "a", finishedAt: "b", targets: []))
        try Self.expectRoundTrip(String?.none)
    }

    /// A type written through nested containers and super encoders, which no model uses but the coders take.
    struct Nested: Codable, Equatable {
        var head: String
        var list: [Int]
        var inner: [String: String]

        enum Keys: String, CodingKey { case head, list, inner, tail }

        init(head: String, list: [Int], inner: [String: String]) {
            (self.head, self.list, self.inner) = (head, list, inner)
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            head = try c.decode(String.self, forKey: .head)
            var items = try c.nestedUnkeyedContainer(forKey: .list)
            list = []
            while !items.isAtEnd { list.append(try items.decode(Int.self)) }
            inner = try [String: String](from: c.superDecoder(forKey: .inner))
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            var items = c.nestedUnkeyedContainer(forKey: .list)
            for number in list { try items.encode(number) }
            try c.encode(head, forKey: .head)
            try inner.encode(to: c.superEncoder(forKey: .inner))
            var tail = c.nestedUnkeyedContainer(forKey: .tail)
            try tail.encode("first")
            var object = tail.nestedContainer(keyedBy: Keys.self)
            try object.encode(head, forKey: .head)
            try tail.encodeNil()
        }
    }

    @Test func nestedContainersAreFoundationsText() throws {
        try Self.expectRoundTrip([
            Nested(head: "h", list: [3, 1, 2], inner: ["k": "v"]), Nested(head: "", list: [], inner: [:]),
        ])
    }

    /// No format holds a boolean, a floating point number, a date or bytes; Foundation writes some of them in
    /// forms of its own, so the encoder refuses them rather than guess, and the reader leaves them to
    /// Foundation's decoder.
    @Test func kindsOutsideTheFormatsAreRefused() throws {
        let refused: [any Encodable] = [
            true, 1.5, Float(2), Date(timeIntervalSince1970: 0), Data([1, 2]), URL(fileURLWithPath: "/a"),
            Decimal(1), ["a": [false]],
        ]
        for value in refused {
            #expect(throws: EncodingError.self) { try JSONValueEncoder.encode(value) }
        }
        #expect(Self.fastRead(Data.self, Array("[1,2]".utf8)) == nil)
        #expect(Self.fastRead(URL.self, Array(#"{"relative":"file:///a"}"#.utf8)) == nil)
        #expect(try PricewatchJSON.decode(Data.self, from: Array(#""AQI=""#.utf8)) == Data([1, 2]))
    }

    @Test func anObjectWrittenInPiecesIsFoundationsText() throws {
        var many: [String: String] = [:]
        for number in 0..<3_000 { many["site-\(number % 7)/target-\(number)"] = "2026-12-0\(number % 9 + 1)T10:00:00Z" }
        let odd = ["quote\"back\\slash": "tab\t", "ünï/€": "e\u{301}", "éa": "", "\u{1}": "z", "a": "b"]
        for members in [many, odd, [:], ["only": "one"]] {
            for pretty in [true, false] {
                var pieces: [[UInt8]] = []
                JSONValue.writeObject(members, pretty: pretty, value: JSONValue.string) { pieces.append(Array($0)) }
                #expect(pieces.joined().elementsEqual(try Self.foundationText(members, pretty: pretty)))
                if members.count == many.count { #expect(pieces.count > 1) }
            }
        }
    }
}
