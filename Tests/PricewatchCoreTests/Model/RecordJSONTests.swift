import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// Records are written and read without Foundation's JSON coders; those coders are the reference.
@Suite struct RecordJSONTests {
    /// Page text of every awkward kind: quotes, backslashes, slashes, control characters, non-ASCII, emoji.
    static let texts = [
        "", "Pro", "Ray2 Flash (Low-Cost Video)", "say \"hi\"", "back\\slash", "a/b", "tab\there", "line\nbreak",
        "back\u{8}space", "form\u{C}feed",
        "cr\rlf", "bell\u{7}", "esc\u{1B}", "nul\u{0}", "del\u{7F}", "ünïcode €", "価格", "😀 emoji",
        "\u{2028}separator", "$0.08/per second",
    ]

    static func text(_ random: inout SplitMix64) -> String {
        texts[Int(random.next() % UInt64(texts.count))]
    }

    static func maybe(_ random: inout SplitMix64) -> String? {
        random.next() % 3 == 0 ? nil : text(&random)
    }

    static func price(_ random: inout SplitMix64) -> Price {
        let amounts = [nil, "0", "0.08", "1299", "9.99", "-5", "0.000000000001"]
        return Price(
            raw: text(&random), kind: Price.Kind.allCases[Int(random.next() % 5)],
            amount: amounts[Int(random.next() % UInt64(amounts.count))].flatMap { Amount($0) },
            currency: maybe(&random), period: maybe(&random), unit: maybe(&random))
    }

    static func record(_ random: inout SplitMix64) -> Record {
        let count = { (random: inout SplitMix64, limit: UInt64) in Int(random.next() % limit) }
        let keys = ["monthly", "annual", "annual_total", "Annual", "a_b", "aB", "z9", "10", "9"]
        let plans = (0..<count(&random, 4)).map { _ in
            Plan(
                name: text(&random),
                prices: Dictionary(
                    (0..<count(&random, 4)).map { _ in (keys[count(&random, UInt64(keys.count))], price(&random)) },
                    uniquingKeysWith: { first, _ in first }),
                bestFor: maybe(&random), features: (0..<count(&random, 4)).map { _ in text(&random) },
                // Zero-config reading's confidence, written only when present.
                confidence: random.next() % 2 == 0 ? Int(random.next() % 101) : nil)
        }
        let alternatives = (0..<count(&random, 3)).map { _ in
            Alternative(
                name: text(&random), startingPrice: random.next() % 2 == 0 ? price(&random) : nil,
                topPrice: random.next() % 2 == 0 ? price(&random) : nil)
        }
        var extras: [String: ExtraValue] = [:]
        for _ in 0..<count(&random, 4) {
            let value: ExtraValue =
                switch random.next() % 3 {
                case 0: .text(text(&random))
                case 1: .list((0..<count(&random, 3)).map { _ in text(&random) })
                default: .price(price(&random))
                }
            extras[keys[count(&random, UInt64(keys.count))]] = value
        }
        var record = Record(
            target: "site/\(random.next() % 1000)", site: "site", url: maybe(&random), fetchedAt: text(&random),
            vendor: maybe(&random), lastVerified: maybe(&random), freeTier: maybe(&random),
            priceRange: random.next() % 2 == 0 ? PriceRange(low: price(&random), high: price(&random)) : nil,
            plans: plans, alternatives: alternatives, extras: extras)
        record.extraction = random.next() % 2 == 0 ? Record.autoExtraction : nil
        return record
    }

    @Test func rulesRecordsWriteNoZeroConfigKeysAndAutoRecordsKeepThem() throws {
        var plain = Record(target: "a/b", site: "a", fetchedAt: "2026-01-01T00:00:00Z", plans: [Plan(name: "Pro")])
        let text = String(decoding: try PricewatchJSON.encode(plain), as: UTF8.self)
        #expect(!text.contains("extraction") && !text.contains("confidence"))
        let fingerprint = plain.contentFingerprint
        plain.extraction = Record.autoExtraction
        plain.plans[0].confidence = 87
        let auto = String(decoding: try PricewatchJSON.encode(plain), as: UTF8.self)
        #expect(auto.contains("\"extraction\" : \"auto\"") && auto.contains("\"confidence\" : 87"))
        #expect(try PricewatchJSON.decoder().decode(Record.self, from: Data(auto.utf8)) == plain)
        #expect(plain.contentFingerprint != fingerprint)
    }

    /// What `JSONEncoder` itself writes, the reference.
    static func encoderText(_ record: Record) throws -> Data {
        try PricewatchJSON.encoder().encode(record) + [0x0A]
    }

    @Test func theTextIsTheEncodersAndReadsBack() throws {
        var random = SplitMix64(seed: 0x7EC0)
        for _ in 0..<400 {
            let record = Self.record(&random)
            let expected = try Self.encoderText(record)
            #expect(try PricewatchJSON.encode(record) == expected, "\(String(decoding: expected, as: UTF8.self))")
            #expect(JSONLayoutTests.fastRead(Record.self, Array(expected)) == record)
            #expect(try PricewatchJSON.decode(Record.self, from: Array(expected)) == record)
            let entry = HistoryEntry(
                version: Int(random.next() % 1000), firstSeen: Self.text(&random), lastSeen: "t", record: record)
            let entryText = try PricewatchJSON.encode(entry)
            #expect(entryText == (try PricewatchJSON.encoder().encode(entry) + [0x0A]))
            #expect(JSONLayoutTests.fastRead(HistoryEntry.self, Array(entryText)) == entry)
        }
        for sample in [RecordSamples.lumaV1, RecordSamples.lumaV2] {
            #expect(try PricewatchJSON.encode(sample) == (try Self.encoderText(sample)))
        }
    }

    /// Non-ASCII dictionary keys are sorted by their UTF-8 bytes, as the encoder sorts them.
    @Test func nonASCIIKeysAreSortedAsTheEncoderSortsThem() throws {
        var record = RecordSamples.lumaV1
        record.extras = ["prix_€": .text("x"), "prix": .text("y"), "Ärger": .text("z"), "e\u{301}": .text("")]
        #expect(try PricewatchJSON.encode(record) == (try Self.encoderText(record)))
    }

    /// Other layouts, damaged files: whenever the hand reader answers, the decoder gives the same answer.
    @Test func theReaderNeverDisagreesWithTheDecoder() throws {
        var random = SplitMix64(seed: 0xDEC0)
        let alphabet = Array("\"\\ ,:{}[]\nnul/0u1-e.".utf8)
        var answered = 0
        for round in 0..<3000 {
            let record = Self.record(&random)
            var bytes = Array(try PricewatchJSON.encode(record, pretty: round % 4 == 0))
            for _ in 0...(random.next() % 2) {
                let at = Int(random.next() % UInt64(bytes.count))
                let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 3 {
                case 0: bytes[at] = byte
                case 1: bytes.remove(at: at)
                default: bytes.insert(byte, at: at)
                }
            }
            let decoded = try? PricewatchJSON.decoder().decode(Record.self, from: Data(bytes))
            guard let read = JSONLayoutTests.fastRead(Record.self, bytes) else { continue }
            answered += 1
            #expect(decoded == read, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(answered > 300)
    }

    @Test(arguments: [
        #"{"schema":"pricewatch.record/1","target":"a","site":"s","fetched_at":"t","vendor":"\ud83d\ude00"}"#,
        #"{"schema":"pricewatch.record/1","target":"a","site":"s","fetched_at":"t","vendor":"\u00e9\u002F"}"#,
        #" {"schema":"pricewatch.record/1","target":"a","site":"s","fetched_at":"t","plans":null,"x":[1]} "#,
    ])
    func escapesAndOtherLayoutsReadAsTheDecoderReadsThem(text: String) throws {
        let decoded = try PricewatchJSON.decoder().decode(Record.self, from: Data(text.utf8))
        #expect(JSONLayoutTests.fastRead(Record.self, Array(text.utf8)) == decoded)
    }

    @Test(arguments: [
        #"{"schema":"pricewatch.record/1","target":"a","site":"s","fetched_at":"t","vendor":"\ud83d"}"#,
        #"{"schema":"pricewatch.record/1","target":"a","target":"b","site":"s","fetched_at":"t"}"#,
        #"{"schema":"pricewatch.record/2","target":"a","site":"s","fetched_at":"t"}"#,
        #"{"schema":"pricewatch.record/1","target":"a","site":"s","fetched_at":"t","price_range":{"low":null}}"#,
        #"{"schema":"pricewatch.record/1","target":"a","site":"s","fetched_at":"t"} x"#,
        #"{"schema":"pricewatch.record/1","target":"a","site":"s","fetched_at":"t","x":[1.5,true]}"#,
    ])
    func whatTheReaderCannotVouchForIsLeftToTheDecoder(text: String) {
        #expect(JSONLayoutTests.fastRead(Record.self, Array(text.utf8)) == nil)
    }
}
