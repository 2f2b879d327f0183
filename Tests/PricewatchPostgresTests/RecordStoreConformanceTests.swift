import Foundation
import PricewatchCore
import PricewatchPostgres
import PricewatchTestSupport
import Testing

/// The stores every ``RecordStore`` test runs against.
enum StoreKind: String, CaseIterable, CustomStringConvertible {
    case files, postgres
    var description: String { rawValue }
}

/// A store under test, with a way to damage a target's stored record the way each store can be damaged.
struct StoreUnderTest {
    let store: any RecordStore
    /// Replaces the target's newest stored record with text that is not a record.
    let corrupt: (String) throws -> Void
    let cleanup: () -> Void

    static func make(_ kind: StoreKind) throws -> StoreUnderTest {
        switch kind {
        case .files:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-store-\(UUID())")
            return StoreUnderTest(
                store: SnapshotStore(directory: folder),
                corrupt: { id in
                    try Data("{\"schema\": 5".utf8).write(to: folder.appendingPathComponent("\(id)/latest.json"))
                    let history = folder.appendingPathComponent("\(id)/history")
                    for name in try FileManager.default.contentsOfDirectory(atPath: history.path) {
                        try Data("[]".utf8).write(to: history.appendingPathComponent(name))
                    }
                },
                cleanup: { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            let location = try freshDatabase().location
            let connection = try PostgresConnection(location)
            try SchemaMigrator().migrate(connection)
            return StoreUnderTest(
                store: try PostgresRecordStore(location: location),
                corrupt: { id in
                    try connection.query(
                        "UPDATE pricewatch.record_versions SET record = $2::jsonb WHERE target_id = $1",
                        [.text(id), .text("{\"schema\": 5}")])
                },
                cleanup: {})
        }
    }
}

private let t1 = Date(timeIntervalSince1970: 1_780_300_800)  // 2026-06-01T08:00:00Z
private let t2 = t1.addingTimeInterval(86_400)
private let t3 = t2.addingTimeInterval(86_400)
private let t4 = t3.addingTimeInterval(86_400)
private let target = "costbench/example-api"

/// A record whose page text includes what must never break a store: quotes, SQL, markup, non-ASCII.
private func record(price: String, at time: Date, feature: String = "Robert'); DROP TABLE targets; --") -> Record {
    Record(
        target: target, site: "costbench", url: "http://127.0.0.1:1/pricing", fetchedAt: Timestamp.string(from: time),
        vendor: "Ex\"ample <b>Inc</b> ünïcödé 🚀", lastVerified: "2026-05-30", freeTier: nil, priceRange: nil,
        plans: [
            Plan(
                name: "Pro", prices: ["monthly": Price(raw: "$\(price)/mo", kind: .amount, currency: "USD")],
                features: [feature, "\\x00 $1 '' \\\\"])
        ],
        alternatives: [], extras: [:])
}

@Suite("RecordStore conformance", .postgresServer)
struct RecordStoreConformanceTests {
    @Test("latest, raw page, validators, history and targets round trip", arguments: StoreKind.allCases)
    func roundTrip(kind: StoreKind) throws {
        let subject = try StoreUnderTest.make(kind)
        defer { subject.cleanup() }
        let store = subject.store
        #expect(try store.latest(for: target) == nil)
        #expect(try store.history(for: target).isEmpty)
        #expect(try store.rawPage(for: target) == nil)
        #expect(try store.cacheValidators(for: target) == nil)
        #expect(try store.targets().isEmpty)

        let v1 = record(price: "10", at: t1)
        let page = Array("<html>\u{0}'; DROP".utf8) + Array(0...255)
        let validators = CacheValidators(url: v1.url, etag: "\"v1\"", lastModified: "Mon, 01 Jun 2026 08:00:00 GMT")
        #expect(try store.save(v1, page: page, at: t1, validators: validators) == .baseline(version: 1))
        try store.synchronize()
        #expect(try store.latest(for: target) == v1)
        #expect(try store.rawPage(for: target) == page)
        #expect(try store.cacheValidators(for: target) == validators)
        #expect(
            try store.history(for: target) == [
                HistoryEntry(
                    version: 1, firstSeen: "2026-06-01T08:00:00Z", lastSeen: "2026-06-01T08:00:00Z", record: v1)
            ])
        #expect(try store.targets() == [target])
    }

    @Test(
        "history grows only when content changes; unchanged saves and 304s move last_seen",
        arguments: StoreKind.allCases)
    func historyVersions(kind: StoreKind) throws {
        let subject = try StoreUnderTest.make(kind)
        defer { subject.cleanup() }
        let store = subject.store
        let v1 = record(price: "10", at: t1)
        let v2 = record(price: "12", at: t3)
        #expect(try store.save(v1, page: [1], at: t1, validators: nil) == .baseline(version: 1))
        #expect(
            try store.save(record(price: "10", at: t2), page: [2], at: t2, validators: nil) == .unchanged(version: 1))
        #expect(try store.save(v2, page: [3], at: t3, validators: nil) == .updated(version: 2))
        #expect(try store.markSeen(target, at: t4) == 2)
        try store.synchronize()
        let history = try store.history(for: target)
        #expect(history.map(\.version) == [1, 2])
        #expect(history.map(\.firstSeen) == ["2026-06-01T08:00:00Z", "2026-06-03T08:00:00Z"])
        #expect(history.map(\.lastSeen) == ["2026-06-02T08:00:00Z", "2026-06-04T08:00:00Z"])
        #expect(history.map(\.record) == [v1, v2])
        #expect(try store.latest(for: target) == v2)
        #expect(try store.rawPage(for: target) == [3])
    }

    @Test(
        "latestContent gives the latest record's content hash, decoded or vouched for; a save takes the caller's hash",
        arguments: StoreKind.allCases)
    func latestContent(kind: StoreKind) throws {
        let subject = try StoreUnderTest.make(kind)
        defer { subject.cleanup() }
        let store = subject.store
        #expect(try store.latestContent(for: target) == nil)
        let v1 = record(price: "10", at: t1)
        let v2 = record(price: "12", at: t3)
        func save(_ record: Record, at time: Date) throws -> SaveOutcome {
            try store.save(
                record, contentHash: record.contentHash, page: [1], at: time, validators: nil, pending: nil)
        }
        #expect(try save(v1, at: t1) == .baseline(version: 1))
        let first = try #require(try store.latestContent(for: target))
        #expect(first.contentHash == v1.contentHash)
        #expect(first.record == nil || first.record == v1)
        #expect(try save(record(price: "10", at: t2), at: t2) == .unchanged(version: 1))
        #expect(try save(v2, at: t3) == .updated(version: 2))
        try store.synchronize()
        #expect(try store.latestContent(for: target)?.contentHash == v2.contentHash)
        #expect(try store.history(for: target).map(\.lastSeen) == ["2026-06-02T08:00:00Z", "2026-06-03T08:00:00Z"])
    }

    @Test("validators are replaced, and removed by a save without them", arguments: StoreKind.allCases)
    func validators(kind: StoreKind) throws {
        let subject = try StoreUnderTest.make(kind)
        defer { subject.cleanup() }
        let store = subject.store
        let first = CacheValidators(url: "http://127.0.0.1:1/pricing", etag: "\"a\"")
        let second = CacheValidators(
            url: nil, etag: nil, lastModified: "Tue, 02 Jun 2026 08:00:00 GMT", charset: "utf-8")
        try store.save(record(price: "10", at: t1), page: [1], at: t1, validators: first)
        try store.save(record(price: "10", at: t2), page: [1], at: t2, validators: second)
        #expect(try store.cacheValidators(for: target) == second)
        try store.save(record(price: "10", at: t3), page: [1], at: t3, validators: nil)
        #expect(try store.cacheValidators(for: target) == nil)
    }

    @Test("a 304 for a target without a record is an error, and stores nothing", arguments: StoreKind.allCases)
    func markSeenNeedsRecord(kind: StoreKind) throws {
        let subject = try StoreUnderTest.make(kind)
        defer { subject.cleanup() }
        #expect(throws: (any Error).self) { try subject.store.markSeen(target, at: t1) }
        #expect(try subject.store.history(for: target).isEmpty)
        #expect(try subject.store.targets().isEmpty)
    }

    @Test("a corrupt stored record is reported, never overwritten, and stops saves", arguments: StoreKind.allCases)
    func corruptRecord(kind: StoreKind) throws {
        let subject = try StoreUnderTest.make(kind)
        defer { subject.cleanup() }
        let store = subject.store
        try store.save(record(price: "10", at: t1), page: [1], at: t1, validators: nil)
        try subject.corrupt(target)
        #expect(throws: (any Error).self) { try store.latest(for: target) }
        // Its stored hash no longer vouches for it: it is decoded, and fails.
        #expect(throws: (any Error).self) { try store.latestContent(for: target) }
        #expect(throws: (any Error).self) { try store.history(for: target) }
        #expect(throws: (any Error).self) {
            try store.save(record(price: "99", at: t2), page: [2], at: t2, validators: nil)
        }
        #expect(throws: (any Error).self) { try store.markSeen(target, at: t2) }
        // The damage is still there to inspect, and the page is the one stored before it.
        #expect(throws: (any Error).self) { try store.latest(for: target) }
        #expect(try store.rawPage(for: target) == [1])
    }

    @Test("targets saved at once from many tasks each get their versions", arguments: StoreKind.allCases)
    func concurrentTargets(kind: StoreKind) async throws {
        let subject = try StoreUnderTest.make(kind)
        defer { subject.cleanup() }
        let store = subject.store
        let ids = (0..<16).map { "costbench/target-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    var first = record(price: "1", at: t1)
                    first.target = id
                    var second = record(price: "2", at: t2)
                    second.target = id
                    try store.save(first, page: Array(id.utf8), at: t1, validators: nil)
                    try store.save(second, page: Array(id.utf8), at: t2, validators: nil)
                }
            }
            try await group.waitForAll()
        }
        try store.synchronize()
        #expect(try store.targets() == ids.sorted())
        for id in ids { #expect(try store.history(for: id).map(\.version) == [1, 2]) }
    }
}
