import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// Batched stores write nothing per unchanged target until `synchronize()` records the run's sightings.
@Suite struct SnapshotBatchedTests {
    static func inode(_ path: String) throws -> UInt64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    @Test func unchangedSightingsWaitForSynchronize() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            let record = RecordSamples.lumaV1
            let validators = CacheValidators(url: record.url, etag: "\"a\"")
            let first = Date(timeIntervalSince1970: 1_780_000_000)
            try store.save(record, page: Array("<p>v1</p>".utf8), at: first, validators: validators)
            let history = folder.appendingPathComponent("\(record.target)/history/000001.json").path
            let http = folder.appendingPathComponent("\(record.target)/http.json").path
            let before = (try Self.inode(history), try Self.inode(http))

            let later = first.addingTimeInterval(3600)
            let outcome = try store.save(record, page: Array("<p>v1</p>".utf8), at: later, validators: validators)
            #expect(outcome == .unchanged(version: 1))
            #expect(try Self.inode(history) == before.0, "the history file was rewritten")
            #expect(try Self.inode(http) == before.1, "unchanged validators were rewritten")
            #expect(try store.history(for: record.target).last?.lastSeen == Timestamp.string(from: first))

            try store.synchronize()
            let entries = try store.history(for: record.target)
            #expect(entries.count == 1)
            #expect(entries[0].firstSeen == Timestamp.string(from: first))
            #expect(entries[0].lastSeen == Timestamp.string(from: later))

            // A new version later supersedes the recorded sighting.
            let changed = first.addingTimeInterval(7200)
            try store.save(RecordSamples.lumaV2, page: Array("<p>v2</p>".utf8), at: changed, validators: nil)
            let updated = try store.history(for: record.target)
            #expect(updated.map(\.version) == [1, 2])
            #expect(updated[0].lastSeen == Timestamp.string(from: later))
            #expect(updated[1].lastSeen == Timestamp.string(from: changed))
        }
    }

    /// A store keeps `last-seen.json` decoded only while its bytes stay the same: another store's run shows.
    @Test func lastSeenWrittenByAnotherStoreIsRead() async throws {
        try await withTemporaryFolder { folder in
            let record = RecordSamples.lumaV1
            let first = Date(timeIntervalSince1970: 1_780_000_000)
            let mine = SnapshotStore(directory: folder, durability: .batched)
            try mine.save(record, page: [], at: first, validators: nil)
            try mine.save(record, page: [], at: first.addingTimeInterval(60), validators: nil)
            try mine.synchronize()
            #expect(try mine.history(for: record.target).last?.lastSeen == Timestamp.string(from: first + 60))

            let other = SnapshotStore(directory: folder, durability: .batched)
            try other.save(record, page: [], at: first.addingTimeInterval(120), validators: nil)
            try other.synchronize()
            #expect(try mine.history(for: record.target).last?.lastSeen == Timestamp.string(from: first + 120))
        }
    }

    /// A corrupt `last-seen.json` used to fail the run; now it is kept aside, rebuilt and reported.
    @Test func corruptLastSeenIndexIsSetAsideRebuiltAndReported() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            let record = RecordSamples.lumaV1
            let time = Date(timeIntervalSince1970: 1_780_000_000)
            try store.save(record, page: [], at: time, validators: nil)
            try store.save(record, page: [], at: time.addingTimeInterval(60), validators: nil)
            let index = folder.appendingPathComponent("last-seen.json")
            try Data("{not json".utf8).write(to: index)
            try store.synchronize()
            #expect(try Data(contentsOf: index.appendingPathExtension("corrupt")) == Data("{not json".utf8))
            let rebuilt = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: index))
            #expect(rebuilt == [record.target: Timestamp.string(from: time.addingTimeInterval(60))])
            #expect(store.warnings.all.contains { $0.contains("last-seen.json was corrupt") }, "\(store.warnings.all)")
            #expect(try store.history(for: record.target).count == 1)
        }
    }

    /// `last-seen.json` keeps each target's latest sighting, whichever side (the file or the run) holds more
    /// targets and whichever holds the later time; a stamp shared by many sightings is kept as given.
    @Test(arguments: [false, true])
    func synchronizeKeepsTheLatestSightingOfEveryTarget(runHoldsMore: Bool) async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            let (early, late) = ("2026-06-01T08:00:00Z", "2026-06-02T08:00:00Z")
            store.sightings.record("a", at: early)
            store.sightings.record("b", at: late)
            try store.synchronize()
            #expect(store.lastSeenIndex() == ["a": early, "b": late])

            store.sightings.record("a", at: late)
            store.sightings.record("b", at: early)
            let more = runHoldsMore ? ["c", "d", "e"] : []
            for id in more { store.sightings.record(id, at: late) }
            try store.synchronize()
            var expected = ["a": late, "b": late]
            for id in more { expected[id] = late }
            #expect(store.lastSeenIndex() == expected)
            #expect(store.sightings.drain().isEmpty)
        }
    }
}
