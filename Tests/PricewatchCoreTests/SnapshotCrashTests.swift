import Foundation
import PricewatchTestSupport
@testable import PricewatchCore
import Testing

/// The store under hostile conditions, driven through the `pricewatch-stress` child process: killed
/// mid-write, and writing with a file-size cap that makes writes fail as on a full disk.
@Suite("SnapshotStore crashes and write failures")
struct SnapshotCrashTests {
    private let targets = ["stress/one", "stress/two", "stress/three"]

    @Test("kill -9 during saves leaves every snapshot file whole: version A or version B")
    func killDuringSaves() async throws {
        try await withTemporaryFolder { folder async throws in
            let snapshots = folder.appendingPathComponent("snapshots")
            let fixtures = folder.appendingPathComponent("fixtures")
            // Pages of 2 MB make writing, not fsync, the bulk of each save, so kills often land mid-write.
            let versions = StressVersions.luma(pageSize: 2 * 1024 * 1024)
            try versions.write(to: fixtures)
            let store = SnapshotStore(directory: snapshots)
            let seed = UInt64(Date().timeIntervalSince1970 * 1000)
            var random = SplitMix64(seed: seed)

            for round in 0..<6 {
                let unsynced = round % 2 == 0 ? ["--unsynced"] : []
                let tool = try StressTool(["loop", snapshots.path, fixtures.path] + unsynced)
                // The kill follows a save chosen at random (from the seed in `seed`), so it lands early in the
                // next save, of any of the three targets.
                try await tool.waitFor("saved \(3 + Int(random.next() % 7))")
                await tool.kill()
                for target in targets {
                    try verifyWhole(target, in: store, versions: versions)
                }
            }

            // The next save clears the temporary files the killed writers left behind.
            for target in targets {
                var record = versions.b
                record.target = target
                try store.save(record, page: versions.pageB, at: Date(), validators: nil)
                try verifyWhole(target, in: store, versions: versions)
            }
            #expect(temporaryFiles(under: snapshots) == [])
        }
    }

    /// Every file of `target` parses and holds version A or B; latest is the newest history version, or the
    /// one before it when the kill fell between writing the history and `latest.json`.
    private func verifyWhole(_ target: String, in store: SnapshotStore, versions: StressVersions) throws {
        let latest = try #require(try store.latest(for: target), "\(target) has no latest.json after the first round")
        #expect(versions.label(of: latest) != nil, "\(target)/latest.json is neither version")
        let page = try store.rawPage(for: target)
        let pageIsWhole = page == versions.pageA || page == versions.pageB  // Not in #expect: it would print 2 MB.
        #expect(pageIsWhole, "\(target)/page.html is torn (\(page?.count ?? 0) bytes)")
        let etag = try store.cacheValidators(for: target)?.etag
        #expect(etag == nil || etag == "a" || etag == "b", "\(target)/http.json holds \(String(describing: etag))")

        let history = try store.history(for: target)
        #expect(history.map(\.version) == Array(1...max(1, history.count)), "\(target) history has gaps")
        let labels = history.map { versions.label(of: $0.record) }
        #expect(!labels.contains(nil), "\(target) history holds a record that is neither version")
        // A round that finds the newest history version already holding its content (the previous round was
        // killed after the history write) extends that version, so compare content, not fetched_at.
        let newest = history.suffix(2).map(\.record)
        #expect(
            newest.last?.hasSameContent(as: latest) == true
                || (newest.count == 2 && newest.first?.hasSameContent(as: latest) == true),
            "\(target)/latest.json (fetched \(latest.fetchedAt)) is neither of the two newest history versions")
    }

    @Test("a page write that fails like a full disk leaves the old snapshot intact and says why")
    func pageWriteFails() async throws {
        try await withTemporaryFolder { folder async throws in
            // The cap lets records through but not the 256 KB page.
            let (store, stderr, status) = try await runCappedSave(in: folder, pageSize: 256 * 1024, cap: 128 * 1024)
            #expect(status == 3)
            #expect(stderr.contains("could not write \(store.directory.path)/stress/one/page.html"))
            #expect(stderr.contains("The previous version of the file is intact"))
            #expect(stderr.contains("Free some disk space"))
            try expectVersionA(in: store)
            #expect(try store.rawPage(for: "stress/one") == StressVersions.page("A", size: 256 * 1024))
        }
    }

    @Test("a history write that fails leaves latest.json as it was")
    func historyWriteFails() async throws {
        try await withTemporaryFolder { folder async throws in
            // Small pages pass the cap; the record, padded with features, does not.
            let (store, stderr, status) = try await runCappedSave(
                in: folder, pageSize: 1024, cap: 24 * 1024, padRecordB: true)
            #expect(status == 3)
            #expect(stderr.contains("could not write \(store.directory.path)/stress/one/history/000002.json"))
            try expectVersionA(in: store)
        }
    }

    /// Saves version A here, then has `pricewatch-stress fill` try to save version B under a file-size cap.
    private func runCappedSave(in folder: URL, pageSize: Int, cap: Int, padRecordB: Bool = false) async throws
        -> (SnapshotStore, String, Int32)
    {
        let snapshots = folder.appendingPathComponent("snapshots")
        let fixtures = folder.appendingPathComponent("fixtures")
        var versions = StressVersions.luma(pageSize: pageSize)
        versions.a.target = "stress/one"
        versions.b.target = "stress/one"
        if padRecordB {
            versions.b.plans[0].features += (0..<2000).map { "padding feature number \($0)" }
        }
        try versions.write(to: fixtures)
        let store = SnapshotStore(directory: snapshots)
        try store.save(versions.a, page: versions.pageA, at: Date(), validators: CacheValidators(url: nil, etag: "a"))
        let tool = try StressTool(["fill", snapshots.path, fixtures.path, String(cap)])
        let (status, stderr) = await tool.exit()
        return (store, stderr, status)
    }

    private func expectVersionA(in store: SnapshotStore) throws {
        #expect(try store.latest(for: "stress/one")?.lastVerified == RecordSamples.lumaV1.lastVerified)
        #expect(try store.history(for: "stress/one").count == 1)
        #expect(try store.cacheValidators(for: "stress/one")?.etag == "a")
        #expect(temporaryFiles(under: store.directory) == [])
    }
}
