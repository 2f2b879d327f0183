import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// `.index.json` lets an unchanged save skip decoding, and never changes what a save does or reports.
@Suite struct SnapshotIndexTests {
    static let record = RecordSamples.lumaV1
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    static func file(_ folder: URL, _ name: String) -> URL {
        folder.appendingPathComponent("\(record.target)/\(name)")
    }

    static func digest(of url: URL) throws -> SnapshotDigest {
        SnapshotDigest(of: [UInt8](try Data(contentsOf: url)))
    }

    /// Stores `record` once with a batched store and synchronizes, as one `check` run does.
    static func storeOnce(in folder: URL) throws {
        let store = SnapshotStore(directory: folder, durability: .batched)
        try store.save(record, page: Array("<p>v1</p>".utf8), at: start, validators: nil)
        try store.synchronize()
    }

    @Test func synchronizeRecordsWhatEachFileHolds() async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            let entry = try #require(
                SnapshotIndex.load(from: folder.appendingPathComponent(".index.json").path)[
                    Self.record.target])
            let content = Self.record.contentFingerprint
            let latest = Self.file(folder, "latest.json")
            let history = Self.file(folder, "history/000001.json")
            #expect(entry.latest?.file == (try Self.digest(of: latest)))
            #expect(entry.latest?.identity == FileIO.identity(latest.path))
            #expect(entry.latest?.identity != nil)
            #expect(entry.latest?.content == content)
            #expect(entry.history?.version == 1)
            #expect(entry.history?.summary.file == (try Self.digest(of: history)))
            #expect(entry.history?.summary.identity == FileIO.identity(history.path))
            #expect(entry.history?.summary.content == content)
        }
    }

    /// Files the index vouches for, by stat identity or by the digest of their bytes, are not decoded:
    /// here they would not even decode.
    @Test(arguments: [true, false])
    func vouchedFilesAreNotDecoded(byIdentity: Bool) async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            let garbage = Data("not json".utf8)
            let content = Self.record.contentFingerprint
            func forgedSummary(_ name: String) throws -> SnapshotIndex.FileSummary {
                let file = Self.file(folder, name)
                try garbage.write(to: file)
                // By identity, the recorded digest is of other bytes: the file must not even be read.
                let digest = SnapshotDigest(of: [UInt8](byIdentity ? Data("other".utf8) : garbage))
                return .init(file: digest, identity: byIdentity ? FileIO.identity(file.path) : nil, content: content)
            }
            let forged = SnapshotIndex(targets: [
                Self.record.target: SnapshotIndex.Entry(
                    latest: try forgedSummary("latest.json"),
                    history: .init(version: 1, summary: try forgedSummary("history/000001.json")))
            ])
            try PricewatchJSON.encode(forged).write(to: folder.appendingPathComponent(".index.json"))

            let store = SnapshotStore(directory: folder, durability: .batched)
            #expect(try store.latestSnapshot(for: Self.record.target)?.record == nil)
            let outcome = try store.save(Self.record, page: [], at: Self.start.addingTimeInterval(60), validators: nil)
            #expect(outcome == .unchanged(version: 1))
        }
    }

    /// A copied folder has new inodes: its files are vouched for by their bytes, and the index takes the
    /// copies' identities so the next run need not read them.
    @Test func aCopiedFolderIsVouchedForByDigestAndReidentified() async throws {
        try await withTemporaryFolder { folder in
            let original = folder.appendingPathComponent("original")
            try Self.storeOnce(in: original)
            let copy = folder.appendingPathComponent("copy")
            try FileManager.default.copyItem(at: original, to: copy)
            let latest = Self.file(copy, "latest.json")
            let before = SnapshotIndex.load(from: copy.appendingPathComponent(".index.json").path)[Self.record.target]
            #expect(before?.latest?.identity != FileIO.identity(latest.path))

            let store = SnapshotStore(directory: copy, durability: .batched)
            #expect(try store.latestSnapshot(for: Self.record.target)?.record == nil)
            let later = Self.start.addingTimeInterval(60)
            #expect(try store.save(Self.record, page: [], at: later, validators: nil) == .unchanged(version: 1))
            try store.synchronize()
            let after = SnapshotIndex.load(from: copy.appendingPathComponent(".index.json").path)[Self.record.target]
            #expect(after?.latest?.identity == FileIO.identity(latest.path))
            #expect(after?.history?.summary.identity == FileIO.identity(Self.file(copy, "history/000001.json").path))
        }
    }

    @Test func aCorruptLatestFileIsReportedDespiteTheIndex() async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            let latest = Self.file(folder, "latest.json")
            let garbage = Data("{\"schema\": \"pricewatch.record/1\", \"target\": tru".utf8)
            try garbage.write(to: latest)
            let store = SnapshotStore(directory: folder, durability: .batched)
            #expect(throws: SnapshotError.self) {
                try store.save(Self.record, page: [], at: Self.start.addingTimeInterval(60), validators: nil)
            }
            #expect(try Data(contentsOf: latest) == garbage)
        }
    }

    @Test func aCorruptNewestHistoryFileIsReportedDespiteTheIndex() async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            let history = Self.file(folder, "history/000001.json")
            try Data("{}".utf8).write(to: history)
            let store = SnapshotStore(directory: folder, durability: .batched)
            #expect(throws: SnapshotError.self) {
                try store.save(Self.record, page: [], at: Self.start.addingTimeInterval(60), validators: nil)
            }
            #expect(try Data(contentsOf: history) == Data("{}".utf8))
        }
    }

    /// A change after a baseline takes the newest version's number from the index, in a run of its own.
    @Test func aChangeAfterABaselineAddsTheNextVersion() async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            let store = SnapshotStore(directory: folder, durability: .batched)
            let changed = Self.start.addingTimeInterval(60)
            let outcome = try store.save(
                RecordSamples.lumaV2, page: Array("<p>v2</p>".utf8), at: changed, validators: nil)
            try store.synchronize()
            #expect(outcome == .updated(version: 2))
            let history = try store.history(for: Self.record.target)
            #expect(history.map(\.version) == [1, 2])
            #expect(history[0].record == Self.record)
            #expect(history[0].lastSeen == Timestamp.string(from: Self.start))
            #expect(history[1].record == RecordSamples.lumaV2)
            #expect(history[1].firstSeen == Timestamp.string(from: changed))
            #expect(try store.latest(for: Self.record.target) == RecordSamples.lumaV2)
        }
    }

    @Test func aCorruptNewestHistoryFileStopsAChangeBeforeAnythingIsWritten() async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            let history = Self.file(folder, "history/000001.json")
            try Data("{}".utf8).write(to: history)
            let latest = try Data(contentsOf: Self.file(folder, "latest.json"))
            let store = SnapshotStore(directory: folder, durability: .batched)
            #expect(throws: SnapshotError.self) {
                try store.save(RecordSamples.lumaV2, page: [], at: Self.start.addingTimeInterval(60), validators: nil)
            }
            #expect(try Data(contentsOf: history) == Data("{}".utf8))
            #expect(try Data(contentsOf: Self.file(folder, "latest.json")) == latest)
            #expect(!FileManager.default.fileExists(atPath: Self.file(folder, "history/000002.json").path))
        }
    }

    @Test(arguments: [Data("{not json".utf8), Data(), Data("{\"schema\": \"pricewatch.snapshot-index/0\"}".utf8)])
    func anUnusableIndexIsIgnoredAndRewritten(_ contents: Data) async throws {
        try await withTemporaryFolder { folder in
            let index = folder.appendingPathComponent(".index.json")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try contents.write(to: index)
            try Self.storeOnce(in: folder)
            let store = SnapshotStore(directory: folder, durability: .batched)
            let later = Self.start.addingTimeInterval(60)
            #expect(try store.save(Self.record, page: [], at: later, validators: nil) == .unchanged(version: 1))
            try store.synchronize()
            #expect(SnapshotIndex.load(from: index.path)[Self.record.target]?.history?.version == 1)
            #expect(try store.history(for: Self.record.target).last?.lastSeen == Timestamp.string(from: later))
        }
    }

    /// A run killed before `synchronize()` leaves the index describing older files: they are decoded.
    @Test func aStaleIndexFallsBackToDecoding() async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            let killed = SnapshotStore(directory: folder, durability: .batched)
            var v2 = RecordSamples.lumaV2
            v2.target = Self.record.target
            let second = Self.start.addingTimeInterval(60)
            #expect(try killed.save(v2, page: [], at: second, validators: nil) == .updated(version: 2))

            let next = SnapshotStore(directory: folder, durability: .batched)
            let third = Self.start.addingTimeInterval(120)
            #expect(try next.save(v2, page: [], at: third, validators: nil) == .unchanged(version: 2))
            #expect(try next.save(Self.record, page: [], at: third, validators: nil) == .updated(version: 3))
            try next.synchronize()
            #expect(try next.history(for: Self.record.target).map(\.version) == [1, 2, 3])
            let entry = SnapshotIndex.load(from: folder.appendingPathComponent(".index.json").path)[Self.record.target]
            #expect(entry?.history?.version == 3)
            #expect(entry?.latest?.file == (try Self.digest(of: Self.file(folder, "latest.json"))))
            #expect(entry?.latest?.identity == FileIO.identity(Self.file(folder, "latest.json").path))
        }
    }

    /// A run killed after writing a history version but before `latest.json` and the index: the next
    /// run must see that version although the index and `latest.json` still vouch for the one before.
    @Test func aHistoryVersionTheIndexDoesNotKnowIsFound() async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            var v2 = RecordSamples.lumaV2
            v2.target = Self.record.target
            let killedAt = Timestamp.string(from: Self.start.addingTimeInterval(60))
            let orphan = HistoryEntry(version: 2, firstSeen: killedAt, lastSeen: killedAt, record: v2)
            try PricewatchJSON.encode(orphan).write(to: Self.file(folder, "history/000002.json"))

            let next = SnapshotStore(directory: folder, durability: .batched)
            let later = Self.start.addingTimeInterval(120)
            #expect(try next.save(Self.record, page: [], at: later, validators: nil) == .unchanged(version: 3))
            try next.synchronize()
            let history = try next.history(for: Self.record.target)
            #expect(history.map(\.version) == [1, 2, 3])
            #expect(history.map { $0.record.hasSameContent(as: Self.record) } == [true, false, true])
        }
    }

    /// `check` reads the index before it takes the lock; a run that held the lock meanwhile may have
    /// rewritten it, and its entries must not be overwritten with the older ones read before.
    @Test func anIndexReadBeforeTheLockIsReadAgainWhenAnotherRunChangedIt() async throws {
        try await withTemporaryFolder { folder in
            var other = RecordSamples.lumaV2
            other.target = "costbench/other"
            let first = SnapshotStore(directory: folder, durability: .batched)
            try first.save(Self.record, page: [], at: Self.start, validators: nil)
            try first.save(other, page: [], at: Self.start, validators: nil)
            try first.synchronize()

            let waiting = SnapshotStore(directory: folder, durability: .batched)
            waiting.preloadIndex()
            _ = waiting.index.entry(for: other.target, indexPath: waiting.indexPath)  // the preload is done

            let meanwhile = SnapshotStore(directory: folder, durability: .batched)
            var changed = RecordSamples.lumaV1
            changed.target = other.target
            #expect(
                try meanwhile.save(changed, page: [], at: Self.start.addingTimeInterval(60), validators: nil)
                    == .updated(version: 2))
            try meanwhile.synchronize()
            let indexPath = folder.appendingPathComponent(".index.json").path
            let written = SnapshotIndex.load(from: indexPath)[other.target]
            #expect(written?.history?.version == 2)

            let lock = try waiting.lock(wait: false)
            defer { lock.unlock() }
            var update = RecordSamples.lumaV2
            update.target = Self.record.target
            #expect(
                try waiting.save(update, page: [], at: Self.start.addingTimeInterval(120), validators: nil)
                    == .updated(version: 2))
            try waiting.synchronize()
            #expect(SnapshotIndex.load(from: indexPath)[other.target] == written)
        }
    }

    @Test func deletingTheIndexLosesNothing() async throws {
        try await withTemporaryFolder { folder in
            try Self.storeOnce(in: folder)
            let index = folder.appendingPathComponent(".index.json")
            try FileManager.default.removeItem(at: index)
            let store = SnapshotStore(directory: folder, durability: .batched)
            let later = Self.start.addingTimeInterval(60)
            #expect(try store.save(Self.record, page: [], at: later, validators: nil) == .unchanged(version: 1))
            try store.synchronize()
            let entries = try store.history(for: Self.record.target)
            #expect(entries.map(\.lastSeen) == [Timestamp.string(from: later)])
            #expect(FileManager.default.fileExists(atPath: index.path))
        }
    }

    /// A synced store rewrites the newest history file on every sighting; the index follows it.
    @Test func syncedSightingsKeepTheIndexCurrent() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .synced)
            try store.save(Self.record, page: [], at: Self.start, validators: nil)
            try store.save(Self.record, page: [], at: Self.start.addingTimeInterval(60), validators: nil)
            try store.synchronize()
            let entry = SnapshotIndex.load(from: folder.appendingPathComponent(".index.json").path)[Self.record.target]
            let history = Self.file(folder, "history/000001.json")
            #expect(entry?.history?.summary.file == (try Self.digest(of: history)))
            #expect(entry?.history?.summary.identity == FileIO.identity(history.path))
        }
    }
}
