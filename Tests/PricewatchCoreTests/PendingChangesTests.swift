import Foundation
import PricewatchTestSupport
@testable import PricewatchCore
import Testing

/// The journal of stored-but-unalerted changes: committed with the snapshot, resolved after a crash.
@Suite struct PendingChangesTests {
    private let time = Date(timeIntervalSince1970: 1_780_300_800)

    private func pending(for record: Record) -> PendingChanges {
        PendingChanges(
            target: record.target, url: record.url, vendor: record.vendor, recordedAt: Timestamp.string(from: time),
            changes: [Change(target: record.target, kind: .fieldChanged, field: "vendor")],
            content: record.contentFingerprint)
    }

    @Test func aSaveCommitsTheChangesWithTheSnapshotAndRemovingThemEmptiesTheJournal() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            try store.save(RecordSamples.lumaV1, page: [], at: time, validators: nil)
            let v2 = RecordSamples.lumaV2
            _ = try store.save(
                v2, fingerprint: v2.contentFingerprint, page: [], at: time, validators: nil,
                stored: .init(latest: store.latestSnapshot(for: v2.target)), pending: pending(for: v2))
            let entries = try store.pendingChanges()
            #expect(entries.map(\.target) == [v2.target])
            #expect(entries.first?.changes.first?.field == "vendor")
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/.pending")
            #expect(names.count == 1 && names[0].hasSuffix(".json"), "\(names)")
            try store.removePendingChanges(entries.map(\.id))
            #expect(try store.pendingChanges().isEmpty)
        }
    }

    /// How far a killed run got after writing the prepared entry.
    enum KilledAfter: CaseIterable {
        case preparedEntry, historyVersion, latest
    }

    /// What a run killed after the prepared entry leaves: the entry is dropped when nothing was stored (the
    /// next run finds the change again), committed when `latest.json` was replaced, and committed after
    /// finishing the save when only the history version was written.
    @Test(arguments: KilledAfter.allCases)
    func aPreparedEntryIsResolvedAgainstTheStore(killedAfter: KilledAfter) async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            try store.save(RecordSamples.lumaV1, page: [], at: time, validators: nil)
            let latest = folder.appendingPathComponent(RecordSamples.lumaV1.target + "/latest.json")
            let v1Bytes = try Data(contentsOf: latest)
            let v2 = RecordSamples.lumaV2
            _ = try store.preparePending(pending(for: v2))
            if killedAfter != .preparedEntry { try store.save(v2, page: [], at: time, validators: nil) }
            if killedAfter == .historyVersion { try v1Bytes.write(to: latest) }

            let reopened = SnapshotStore(directory: folder, durability: .batched)
            let entries = try reopened.pendingChanges()
            #expect(entries.map(\.target) == (killedAfter == .preparedEntry ? [] : [v2.target]))
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/.pending")
            #expect(names.allSatisfy { $0.hasSuffix(".json") }, "no prepared entry is left: \(names)")
            let expected = killedAfter == .preparedEntry ? RecordSamples.lumaV1 : v2
            #expect(try reopened.latest(for: v2.target)?.hasSameContent(as: expected) == true)
        }
    }
}
