import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// A first run's targets have no folder yet: the run notes that once and neither reads nor clears anything in
/// it, unless the folder appears before the save.
@Suite struct SnapshotNewFolderTests {
    static let first = Date(timeIntervalSince1970: 1_780_000_000)

    @Test(arguments: [SnapshotStore.Durability.batched, .synced])
    func aMissingFolderIsNotedAndMadeBySave(durability: SnapshotStore.Durability) async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: durability)
            let record = RecordSamples.lumaV1
            let prepared = try store.validatorsNotingNewFolder(for: record.target)
            #expect(prepared.validators == nil && prepared.folderMissing)

            let validators = CacheValidators(url: record.url, etag: "\"a\"")
            let outcome = try store.save(
                record, fingerprint: record.contentFingerprint, page: Array("<p>v1</p>".utf8), at: Self.first,
                validators: validators, stored: .init(latest: nil, validators: nil, folderMissing: true))
            #expect(outcome == .baseline(version: 1))
            #expect(try store.latest(for: record.target) == record)
            #expect(try store.history(for: record.target).map(\.version) == [1])
            #expect(try store.cacheValidators(for: record.target) == validators)
            #expect(try store.rawPage(for: record.target) == Array("<p>v1</p>".utf8))
            #expect(temporaryFiles(under: folder).isEmpty)

            let again = try store.validatorsNotingNewFolder(for: record.target)
            #expect(again.validators == validators && !again.folderMissing)
        }
    }

    /// A folder without `http.json` is not missing: its target was stored without validators.
    @Test func aFolderWithoutValidatorsIsNotMissing() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            let record = RecordSamples.lumaV1
            try store.save(record, page: Array("<p>v1</p>".utf8), at: Self.first, validators: nil)
            let prepared = try store.validatorsNotingNewFolder(for: record.target)
            #expect(prepared.validators == nil && !prepared.folderMissing)
        }
    }

    /// The same id checked twice in one run, both found missing before either saved: the second save reads
    /// what the first stored and records a sighting, not a second baseline over version 1.
    @Test func aFolderThatAppearedSinceIsReadAsUsual() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .synced)
            let record = RecordSamples.lumaV1
            let missing = SnapshotStore.StoredSnapshot(latest: nil, validators: nil, folderMissing: true)
            let page = Array("<p>v1</p>".utf8)
            #expect(
                try store.save(
                    record, fingerprint: record.contentFingerprint, page: page, at: Self.first, validators: nil,
                    stored: missing) == .baseline(version: 1))
            let later = Self.first.addingTimeInterval(60)
            #expect(
                try store.save(
                    record, fingerprint: record.contentFingerprint, page: page, at: later, validators: nil,
                    stored: missing) == .unchanged(version: 1))
            let entries = try store.history(for: record.target)
            #expect(entries.map(\.version) == [1])
            #expect(entries.first?.firstSeen == Timestamp.string(from: Self.first))
            #expect(entries.first?.lastSeen == Timestamp.string(from: later))

            let changed = RecordSamples.lumaV2
            #expect(
                try store.save(
                    changed, fingerprint: changed.contentFingerprint, page: page, at: later, validators: nil,
                    stored: missing) == .updated(version: 2))
            #expect(try store.latest(for: record.target) == changed)
        }
    }

    /// A nested target's folder made first (`a/b` inside `a`) leaves `a` without a snapshot: still a baseline.
    @Test func aNestedTargetsFolderLeavesTheOuterOneABaseline() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            var outer = RecordSamples.lumaV1
            outer.target = "luma"
            var inner = RecordSamples.lumaV1
            inner.target = "luma/pro"
            let missing = SnapshotStore.StoredSnapshot(latest: nil, validators: nil, folderMissing: true)
            let page = Array("<p>v1</p>".utf8)
            for record in [inner, outer] {
                #expect(
                    try store.save(
                        record, fingerprint: record.contentFingerprint, page: page, at: Self.first, validators: nil,
                        stored: missing) == .baseline(version: 1))
            }
            try store.synchronize()
            #expect(try store.targets() == ["luma", "luma/pro"])
            #expect(try store.latest(for: "luma") == outer)
        }
    }
}
