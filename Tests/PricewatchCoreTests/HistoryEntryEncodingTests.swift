import Foundation
import Testing

@testable import PricewatchCore

/// A history file holds the record indented one level deeper than `latest.json`; it must be byte for byte
/// what the JSON encoder writes for the entry, or the snapshot folder would diff for nothing.
@Suite struct HistoryEntryEncodingTests {
    static let records: [Record] = [
        RecordFingerprintTests.record,
        RecordSamples.record(freeTier: "Line one\nline two \"quoted\" \\ back\u{1}slash / ünïcode €", plans: []),
        RecordSamples.record(plans: [Plan(name: "Empty", prices: [:], bestFor: nil, features: [])]),
    ]

    @Test(arguments: records.indices)
    func entryIsWhatTheEncoderWrites(index: Int) throws {
        let record = Self.records[index]
        for (version, first, last) in [
            (1, "2026-11-24T21:39:27Z", "2026-11-24T21:39:27Z"), (42, "2026-01-02T03:04:05Z", "2026-12-31T23:59:59Z"),
            (7, "with \"quote\"", "new\nline ünïcode"),
        ] {
            let entry = HistoryEntry(version: version, firstSeen: first, lastSeen: last, record: record)
            let written = try PricewatchJSON.encode(entry)
            #expect(written == (try PricewatchJSON.encoder().encode(entry) + [0x0A]))
            #expect(try PricewatchJSON.decoder().decode(HistoryEntry.self, from: written) == entry)
            #expect(JSONLayoutTests.fastRead(HistoryEntry.self, Array(written)) == entry)
        }
    }
}
