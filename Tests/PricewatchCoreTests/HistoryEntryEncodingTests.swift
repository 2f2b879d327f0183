import Foundation
import Testing

@testable import PricewatchCore

/// A new version's history file is built around the record's `latest.json` encoding; it must be byte for
/// byte what the JSON encoder writes for the entry, or the snapshot folder would diff for nothing.
@Suite struct HistoryEntryEncodingTests {
    static let records: [Record] = [
        RecordFingerprintTests.record,
        RecordSamples.record(freeTier: "Line one\nline two \"quoted\" \\ back\u{1}slash / ünïcode €", plans: []),
        RecordSamples.record(plans: [Plan(name: "Empty", prices: [:], bestFor: nil, features: [])]),
    ]

    @Test(arguments: records.indices)
    func composedEntryIsWhatTheEncoderWrites(index: Int) throws {
        let record = Self.records[index]
        for (version, first, last) in [
            (1, "2026-11-24T21:39:27Z", "2026-11-24T21:39:27Z"), (42, "2026-01-02T03:04:05Z", "2026-12-31T23:59:59Z"),
        ] {
            let entry = HistoryEntry(version: version, firstSeen: first, lastSeen: last, record: record)
            let composed = HistoryEntry.encoded(
                version: version, firstSeen: first, lastSeen: last, recordJSON: try PricewatchJSON.encode(record))
            #expect(composed == (try PricewatchJSON.encode(entry)))
            #expect(try PricewatchJSON.encode(entry) == (try PricewatchJSON.encoder().encode(entry) + [0x0A]))
            #expect(try PricewatchJSON.decoder().decode(HistoryEntry.self, from: try #require(composed)) == entry)
            #expect(HistoryEntry.decodedAsWritten(Array(try #require(composed))) == entry)
        }
    }

    @Test func stampsThatNeedEscapingAreLeftToTheEncoder() throws {
        let recordJSON = try PricewatchJSON.encode(RecordFingerprintTests.record)
        for stamp in ["with \"quote\"", "back\\slash", "new\nline", "tab\there", "ünïcode"] {
            #expect(HistoryEntry.encoded(version: 1, firstSeen: stamp, lastSeen: "x", recordJSON: recordJSON) == nil)
            #expect(HistoryEntry.encoded(version: 1, firstSeen: "x", lastSeen: stamp, recordJSON: recordJSON) == nil)
        }
    }
}
