import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// `.index.json` is written by hand; the JSON encoder's output and the decoder every run reads it with are
/// the reference.
@Suite struct SnapshotIndexWritingTests {
    static func summary(_ random: inout SplitMix64, identity: Bool) -> SnapshotIndex.FileSummary {
        let digest = { (random: inout SplitMix64) in
            SnapshotDigest(of: (0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        return SnapshotIndex.FileSummary(
            file: digest(&random),
            identity: identity
                ? FileIdentity(
                    device: random.next(), inode: random.next() >> 1, size: Int64(random.next() % 100_000),
                    modified: Int64(bitPattern: random.next()), changed: -Int64(random.next() % 1_000_000))
                : nil,
            content: digest(&random))
    }

    @Test func handWrittenIndexIsTheEncodersCompactTextAndReadsBack() throws {
        var random = SplitMix64(seed: 0x1DE)
        var targets: [String: SnapshotIndex.Entry] = [:]
        let ids = [
            "bench/page-9", "bench/page-10", "a", "costbench/kling-api", "x.y_z-1/q", "quote\"back\\slash",
            "tab\tnl\n\u{1}", "ünï/€",
        ]
        for (number, id) in ids.enumerated() {
            var entry = SnapshotIndex.Entry()
            if number % 3 != 1 { entry.latest = Self.summary(&random, identity: number % 2 == 0) }
            if number % 3 != 2 {
                entry.history = .init(
                    version: Int(random.next() % 500) + 1, summary: Self.summary(&random, identity: number % 4 != 3))
            }
            targets[id] = entry
        }
        targets["empty"] = SnapshotIndex.Entry()
        let written = SnapshotIndex.encoded(targets)
        let decoded = try PricewatchJSON.decoder().decode(SnapshotIndex.self, from: Data(written))
        #expect(decoded.schema == SnapshotIndex.schemaID)
        #expect(decoded.targets == targets)
        let encoder = PricewatchJSON.encoder(pretty: false)
        #expect(written == Array(try encoder.encode(SnapshotIndex(targets: targets))))
    }
}
