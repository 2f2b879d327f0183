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

    /// What a run killed between the prepared entry and `latest.json` leaves: the entry is dropped when the
    /// snapshot was not replaced (the next run finds the change again), committed when it was.
    @Test(arguments: [false, true])
    func aPreparedEntryIsResolvedAgainstLatest(snapshotReplaced: Bool) async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            try store.save(RecordSamples.lumaV1, page: [], at: time, validators: nil)
            let v2 = RecordSamples.lumaV2
            _ = try store.preparePending(pending(for: v2))
            if snapshotReplaced { try store.save(v2, page: [], at: time, validators: nil) }
            let entries = try store.pendingChanges()
            #expect(entries.map(\.target) == (snapshotReplaced ? [v2.target] : []))
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/.pending")
            #expect(names.allSatisfy { $0.hasSuffix(".json") }, "no prepared entry is left: \(names)")
        }
    }
}
