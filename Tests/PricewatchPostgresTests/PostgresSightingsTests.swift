import Foundation
import PricewatchCore
import PricewatchPostgres
import Testing

/// What a claimed batch writes for its unchanged targets, and when; and what vouches for a stored record.
@Suite("Sightings of a claimed batch and the stored content hash", .postgresServer)
struct PostgresSightingsTests {
    private let t1 = Date(timeIntervalSince1970: 1_780_300_800)  // 2026-06-01T08:00:00Z
    private var t2: Date { t1.addingTimeInterval(86_400) }
    private var t3: Date { t1.addingTimeInterval(2 * 86_400) }
    private let validators = CacheValidators(url: "http://127.0.0.1:1/", etag: "\"v1\"")

    private func migratedStore() throws -> PostgresRecordStore {
        let location = try freshDatabase().location
        try SchemaMigrator().migrate(PostgresConnection(location))
        return try PostgresRecordStore(location: location)
    }

    private func record(_ id: String, _ price: String) -> Record {
        Record(
            target: id, site: "site", url: "http://127.0.0.1:1/", fetchedAt: "2026-06-01T08:00:00Z",
            vendor: "Vendor", lastVerified: nil, freeTier: nil, priceRange: nil,
            plans: [Plan(name: "Pro", prices: [:], features: [price])], alternatives: [], extras: [:])
    }

    /// Each version's `last_seen` as another session reads it from the database: what is committed.
    private func lastSeen(_ store: PostgresRecordStore, _ id: String) throws -> [String] {
        try PostgresRecordStore(location: store.location).history(for: id).map(\.lastSeen)
    }

    private func claimAll(_ claims: PostgresTargetClaims) throws -> [String] {
        guard case .claimed(let ids) = try claims.claim(limit: 100) else {
            Issue.record("the runner should claim the targets")
            return []
        }
        return ids
    }

    @Test(
        "a batch of unchanged, changed, not-modified, failed and re-validated targets: the sightings commit with the finish, the rest at once"
    )
    func mixedBatch() throws {
        let store = try migratedStore()
        let ids = ["site/changed", "site/failed", "site/new-etag", "site/not-modified", "site/same"]
        for id in ids { try store.save(record(id, "1"), page: [1], at: t1, validators: validators) }
        let claims = try PostgresTargetClaims(store: store, targets: ids)
        #expect(try claimAll(claims) == ids)

        #expect(
            try store.save(record("site/same", "1"), page: [1], at: t2, validators: validators)
                == .unchanged(version: 1))
        #expect(try store.markSeen("site/not-modified", at: t2) == 1)
        #expect(
            try store.save(record("site/changed", "2"), page: [2], at: t2, validators: validators)
                == .updated(version: 2))
        let newEtag = CacheValidators(url: "http://127.0.0.1:1/", etag: "\"v2\"")
        #expect(
            try store.save(record("site/new-etag", "1"), page: [1], at: t2, validators: newEtag)
                == .unchanged(version: 1))
        // site/failed: its fetch failed, nothing is saved.

        // Before the finish, only what was saved at once is in the database.
        #expect(try lastSeen(store, "site/same") == ["2026-06-01T08:00:00Z"])
        #expect(try lastSeen(store, "site/not-modified") == ["2026-06-01T08:00:00Z"])
        #expect(try lastSeen(store, "site/new-etag") == ["2026-06-02T08:00:00Z"])
        #expect(try PostgresRecordStore(location: store.location).cacheValidators(for: "site/new-etag") == newEtag)
        #expect(try lastSeen(store, "site/changed") == ["2026-06-01T08:00:00Z", "2026-06-02T08:00:00Z"])

        try claims.finish(ids)
        #expect(try lastSeen(store, "site/same") == ["2026-06-02T08:00:00Z"])
        #expect(try lastSeen(store, "site/not-modified") == ["2026-06-02T08:00:00Z"])
        #expect(try lastSeen(store, "site/failed") == ["2026-06-01T08:00:00Z"])
        #expect(try lastSeen(store, "site/changed") == ["2026-06-01T08:00:00Z", "2026-06-02T08:00:00Z"])
        #expect(try store.cacheValidators(for: "site/same") == validators)
        #expect(try claims.claim(limit: 100) == .finished)
    }

    @Test(
        "a runner killed after its batch's sightings, before the finish: nothing is seen or checked, and the next runner checks the targets again"
    )
    func killedBeforeFinish() async throws {
        let store = try migratedStore()
        let ids = ["site/a", "site/b"]
        for id in ids { try store.save(record(id, "1"), page: [1], at: t1, validators: nil) }
        // The killed runner's own store and claims; it stops without finishing or closing (as kill -9 would).
        let killedStore = try PostgresRecordStore(location: store.location)
        let killed = try PostgresTargetClaims(store: killedStore, targets: ids, lease: .milliseconds(300))
        #expect(try claimAll(killed) == ids)
        for id in ids {
            #expect(try killedStore.save(record(id, "1"), page: [1], at: t2, validators: nil) == .unchanged(version: 1))
        }

        let next = try PostgresTargetClaims(store: store, targets: ids)
        #expect(next.round == killed.round)
        let taken = try await next.claimWhenHandedOver(whose: "the killed runner's")
        #expect(taken == ids)
        for id in ids { #expect(try lastSeen(store, id) == ["2026-06-01T08:00:00Z"]) }
        for id in ids {
            #expect(try store.save(record(id, "1"), page: [1], at: t3, validators: nil) == .unchanged(version: 1))
        }
        try next.finish(taken)
        for id in ids { #expect(try lastSeen(store, id) == ["2026-06-03T08:00:00Z"]) }
        #expect(try next.claim(limit: 100) == .finished)
    }

    @Test("a stored record changed without its hash is decoded again, and the next save is a new version")
    func recordEditedWithoutHash() throws {
        let store = try migratedStore()
        let original = record("site/a", "1")
        try store.save(original, page: [1], at: t1, validators: nil)
        #expect(try store.latestContent(for: "site/a") == StoredContent(contentHash: original.contentHash, record: nil))

        let connection = try PostgresConnection(store.location)
        try connection.query(
            """
            UPDATE pricewatch.record_versions
            SET record = jsonb_set(record, '{vendor}', '"Edited by hand"') WHERE target_id = 'site/a'
            """)
        let edited = try #require(try store.latestContent(for: "site/a"))
        #expect(edited.record?.vendor == "Edited by hand")
        #expect(edited.contentHash == edited.record?.contentHash)
        #expect(edited.contentHash != original.contentHash)
        // Its stored hash is gone, so even the original's content is not taken as a sighting of it.
        #expect(try store.save(original, page: [1], at: t2, validators: nil) == .updated(version: 2))
        #expect(try store.latestContent(for: "site/a") == StoredContent(contentHash: original.contentHash, record: nil))
    }
}
