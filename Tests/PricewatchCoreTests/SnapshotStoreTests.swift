import Foundation
import PricewatchTestSupport
import PricewatchCore
import Testing

private typealias S = RecordSamples

private let t1 = Date(timeIntervalSince1970: 1_780_300_800)  // 2026-06-01T08:00:00Z
private let t2 = t1.addingTimeInterval(86_400)
private let t3 = t2.addingTimeInterval(86_400)
private let t4 = t3.addingTimeInterval(86_400)

private func fetched(_ record: Record, at time: Date) -> Record {
    var copy = record
    copy.fetchedAt = time.formatted(Date.ISO8601FormatStyle())
    return copy
}

private func fileBytes(_ url: URL) throws -> [UInt8] {
    try [UInt8](Data(contentsOf: url))
}

@Suite("SnapshotStore")
struct SnapshotStoreTests {
    @Test("round trip: latest, page, history, validators, targets")
    func roundTrip() async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            let record = fetched(S.lumaV1, at: t1)
            let page = Array("<html>Luma v1</html>".utf8)
            let validators = CacheValidators(
                url: record.url, etag: "\"v1\"", lastModified: "Mon, 01 Jun 2026 08:00:00 GMT")

            #expect(try store.latest(for: S.lumaTarget) == nil)
            #expect(try store.history(for: S.lumaTarget).isEmpty)
            #expect(try store.save(record, page: page, at: t1, validators: validators) == .baseline(version: 1))

            #expect(try store.latest(for: S.lumaTarget) == record)
            #expect(try store.rawPage(for: S.lumaTarget) == page)
            #expect(try store.cacheValidators(for: S.lumaTarget) == validators)
            #expect(
                try store.history(for: S.lumaTarget) == [
                    HistoryEntry(
                        version: 1, firstSeen: "2026-06-01T08:00:00Z", lastSeen: "2026-06-01T08:00:00Z", record: record)
                ])
            #expect(try store.targets() == [S.lumaTarget])

            // latest.json is the record in the one pricewatch JSON style, so it diffs well in git.
            let targetFolder = folder.appendingPathComponent(S.lumaTarget)
            #expect(
                try fileBytes(targetFolder.appendingPathComponent("latest.json"))
                    == [UInt8](PricewatchJSON.encode(record)))
            #expect(
                FileManager.default.fileExists(atPath: targetFolder.appendingPathComponent("history/000001.json").path))
            #expect(temporaryFiles(under: folder).isEmpty)
        }
    }

    @Test("history grows only when content changes; unchanged runs move last_seen of the newest version")
    func historyGrowsOnlyOnChange() async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            let id = S.lumaTarget
            let pageV1 = Array("v1".utf8), pageV1Rerendered = Array("v1 with new tokens".utf8)
            try store.save(fetched(S.lumaV1, at: t1), page: pageV1, at: t1, validators: nil)

            // Same content fetched again: no new version, latest.json and page.html not rewritten.
            let history = folder.appendingPathComponent(id + "/history")
            #expect(
                try store.save(fetched(S.lumaV1, at: t2), page: pageV1Rerendered, at: t2, validators: nil)
                    == .unchanged(version: 1))
            #expect(try store.history(for: id).map(\.version) == [1])
            #expect(try store.history(for: id).first?.firstSeen == "2026-06-01T08:00:00Z")
            #expect(try store.history(for: id).first?.lastSeen == "2026-06-02T08:00:00Z")
            #expect(try store.latest(for: id)?.fetchedAt == "2026-06-01T08:00:00Z")
            #expect(try store.rawPage(for: id) == pageV1)

            // New content: a second version, latest and page replaced, version 1 left as it was.
            let version1 = try fileBytes(history.appendingPathComponent("000001.json"))
            #expect(
                try store.save(fetched(S.lumaV2, at: t3), page: Array("v2".utf8), at: t3, validators: nil)
                    == .updated(version: 2))
            #expect(try store.latest(for: id) == fetched(S.lumaV2, at: t3))
            #expect(try store.rawPage(for: id) == Array("v2".utf8))
            #expect(try fileBytes(history.appendingPathComponent("000001.json")) == version1)

            // A 304 moves last_seen only; flipping back to v1 content is a new sighting, so a third version.
            #expect(try store.markSeen(id, at: t4) == 2)
            #expect(try store.history(for: id).last?.lastSeen == "2026-06-04T08:00:00Z")
            #expect(
                try store.save(fetched(S.lumaV1, at: t4), page: pageV1, at: t4, validators: nil) == .updated(version: 3)
            )
            let entries = try store.history(for: id)
            #expect(entries.map(\.version) == [1, 2, 3])
            #expect(entries.map { $0.record.lastVerified } == ["2026-05-30", "2026-06-14", "2026-05-30"])
        }
    }

    @Test("validators are replaced with each save and removed when the response had none")
    func validatorsFollowTheStoredPage() async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            let first = CacheValidators(url: "http://127.0.0.1/luma", etag: "\"1\"")
            try store.save(fetched(S.lumaV1, at: t1), page: [], at: t1, validators: first)
            let second = CacheValidators(url: "http://127.0.0.1/luma", lastModified: "Tue, 02 Jun 2026 08:00:00 GMT")
            try store.save(fetched(S.lumaV1, at: t2), page: [], at: t2, validators: second)
            #expect(try store.cacheValidators(for: S.lumaTarget) == second)
            try store.save(fetched(S.lumaV2, at: t3), page: [], at: t3, validators: nil)
            #expect(try store.cacheValidators(for: S.lumaTarget) == nil)
            try store.saveCacheValidators(first, for: S.lumaTarget)
            #expect(try store.cacheValidators(for: S.lumaTarget) == first)
        }
    }

    @Test("a save removes temporary files of dead writers and keeps those of live ones")
    func abandonedTemporaries() async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            try store.save(fetched(S.lumaV1, at: t1), page: [], at: t1, validators: nil)
            let finished = try TestProcess(URL(fileURLWithPath: "/bin/true"), arguments: [])
            _ = await finished.exit()
            let targetFolder = folder.appendingPathComponent(S.lumaTarget)
            let dead = targetFolder.appendingPathComponent(".latest.json.\(finished.processIdentifier).x1.tmp")
            let deadInHistory = targetFolder.appendingPathComponent(
                "history/.000002.json.\(finished.processIdentifier).x2.tmp")
            let live = targetFolder.appendingPathComponent(".page.html.1.x3.tmp")  // pid 1 is always running
            for file in [dead, deadInHistory, live] { try Data("partial".utf8).write(to: file) }

            try store.save(fetched(S.lumaV2, at: t2), page: [], at: t2, validators: nil)
            #expect(temporaryFiles(under: folder) == [S.lumaTarget + "/.page.html.1.x3.tmp"])
            #expect(try store.history(for: S.lumaTarget).count == 2)
        }
    }

    @Test("a 304 for a target with no snapshot is a clear error")
    func markSeenWithoutSnapshot() async throws {
        try await withTemporaryFolder { folder async throws in
            let error = #expect(throws: SnapshotError.self) {
                try SnapshotStore(directory: folder).markSeen("costbench/kling-api", at: t1)
            }
            #expect(error?.code == .missingSnapshot)
            #expect(error?.description.contains("without cache validators") == true)
        }
    }

    @Test(
        "unsafe target ids are rejected",
        arguments: [
            "", "/etc/passwd", "../outside", "costbench/../../x", "costbench//kling", "costbench/", ".hidden",
            "costbench/kling api", "costbench\\kling", "costbench/history", "a/latest.json", "kling-äpi", "-flag",
            String(repeating: "a", count: 101), "last-seen.json",
        ])
    func invalidTargetIDs(_ id: String) async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            let error = #expect(throws: SnapshotError.self) { try store.latest(for: id) }
            #expect(error?.code == .invalidTargetID)
            #expect(throws: SnapshotError.self) { try SnapshotStore.validate(targetID: id) }
            #expect(error?.description.contains("invalid target id '\(id)'") == true)
            var record = S.lumaV1
            record.target = id
            #expect(throws: SnapshotError.self) { try store.save(record, page: [], at: t1, validators: nil) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }

    @Test("nested and dotted ids are fine", arguments: ["costbench/kling-api", "lumalabs/dream-machine.v2_eu", "x"])
    func validTargetIDs(_ id: String) async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            var record = S.lumaV1
            record.target = id
            try SnapshotStore.validate(targetID: id)
            #expect(try store.save(record, page: [], at: t1, validators: nil) == .baseline(version: 1))
            #expect(try store.targets() == [id])
        }
    }

    @Test(
        "a corrupt latest.json is reported with its path and left untouched; other targets carry on",
        arguments: [
            ("{\"schema\": \"pricewatch.record/1\", \"target\": ", "not valid JSON"),
            ("", "empty"),
            ("{\"schema\": \"pricewatch.record/9\"}", "expected schema pricewatch.record/1"),
            ("{\"schema\": \"pricewatch.record/1\", \"site\": \"x\", \"fetched_at\": \"now\"}", "missing key 'target'"),
        ])
    func corruptLatest(_ content: String, _ detail: String) async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            try store.save(fetched(S.lumaV1, at: t1), page: Array("v1".utf8), at: t1, validators: nil)
            let latest = folder.appendingPathComponent(S.lumaTarget + "/latest.json")
            try Data(content.utf8).write(to: latest)

            let readError = #expect(throws: SnapshotError.self) { try store.latest(for: S.lumaTarget) }
            #expect(readError?.code == .corruptFile)
            #expect(readError?.path == latest.path)
            #expect(readError?.description.contains(latest.path) == true)
            #expect(readError?.description.contains(detail) == true)
            #expect(readError?.description.contains("git checkout") == true)

            let saveError = #expect(throws: SnapshotError.self) {
                try store.save(fetched(S.lumaV2, at: t2), page: Array("v2".utf8), at: t2, validators: nil)
            }
            #expect(saveError?.code == .corruptFile)
            #expect(try fileBytes(latest) == Array(content.utf8))
            #expect(try store.rawPage(for: S.lumaTarget) == Array("v1".utf8))
            #expect(try store.history(for: S.lumaTarget).count == 1)

            var other = S.lumaV2
            other.target = "costbench/other"
            #expect(try store.save(other, page: [], at: t2, validators: nil) == .baseline(version: 1))
        }
    }

    @Test("a corrupt history file or http.json also stops the save for that target")
    func corruptHistoryAndValidators() async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            try store.save(fetched(S.lumaV1, at: t1), page: [], at: t1, validators: nil)
            let targetFolder = folder.appendingPathComponent(S.lumaTarget)
            let newest = targetFolder.appendingPathComponent("history/000001.json")
            let good = try Data(contentsOf: newest)
            try Data("[]".utf8).write(to: newest)
            let historyError = #expect(throws: SnapshotError.self) {
                try store.save(fetched(S.lumaV2, at: t2), page: [], at: t2, validators: nil)
            }
            #expect(historyError?.code == .corruptFile && historyError?.path == newest.path)
            #expect(try store.latest(for: S.lumaTarget) == fetched(S.lumaV1, at: t1))
            #expect(try Data(contentsOf: newest) == Data("[]".utf8))

            try good.write(to: newest)
            let http = targetFolder.appendingPathComponent("http.json")
            try Data("{\"etag\": 7}".utf8).write(to: http)
            let httpError = #expect(throws: SnapshotError.self) {
                try store.save(fetched(S.lumaV2, at: t2), page: [], at: t2, validators: nil)
            }
            #expect(httpError?.code == .corruptFile && httpError?.path == http.path)
            #expect(try Data(contentsOf: http) == Data("{\"etag\": 7}".utf8))
            #expect(try store.latest(for: S.lumaTarget) == fetched(S.lumaV1, at: t1))
        }
    }
}
