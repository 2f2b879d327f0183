import Foundation
import PricewatchCore
import PricewatchPostgres
import Testing

@Suite("PostgresTargetClaims and the record checks of the PostgreSQL store", .postgresServer)
struct PostgresTargetClaimsTests {
    private func migratedStore() throws -> PostgresRecordStore {
        let location = try freshDatabase().location
        try SchemaMigrator().migrate(PostgresConnection(location))
        return try PostgresRecordStore(location: location)
    }

    private static let ids = (1...10).map { "site/target-\($0)" } + ["quote\"and\\backslash, {brace}"]

    @Test(
        "two runners claim disjoint targets; the round ends once every target is finished; a new run starts a new round"
    )
    func disjointClaims() throws {
        let store = try migratedStore()
        let first = try PostgresTargetClaims(store: store, targets: Self.ids)
        let second = try PostgresTargetClaims(store: store, targets: Self.ids)
        #expect(first.round == second.round)
        guard case .claimed(let a) = try first.claim(limit: 6), case .claimed(let b) = try second.claim(limit: 6) else {
            Issue.record("both runners should claim targets")
            return
        }
        #expect(Set(a).isDisjoint(with: b))
        #expect(Set(a + b) == Set(Self.ids))
        // Nothing is free, but the other runner's targets are not finished yet.
        #expect(try first.claim(limit: 6) == .waiting)
        try first.finish(a)
        #expect(try first.claim(limit: 6) == .waiting)
        try second.finish(b)
        #expect(try first.claim(limit: 6) == .finished)
        #expect(try second.claim(limit: 6) == .finished)
        let next = try PostgresTargetClaims(store: store, targets: Self.ids)
        #expect(next.round == first.round + 1)
    }

    @Test("a runner that stops renewing loses its targets when its lease expires; released targets are free at once")
    func expiredLease() async throws {
        let store = try migratedStore()
        let stopped = try PostgresTargetClaims(store: store, targets: Self.ids, lease: .milliseconds(300))
        let live = try PostgresTargetClaims(store: store, targets: Self.ids)
        guard case .claimed(let held) = try stopped.claim(limit: 4) else {
            Issue.record("the first runner should claim targets")
            return
        }
        guard case .claimed(let rest) = try live.claim(limit: 100) else {
            Issue.record("the second runner should claim the others")
            return
        }
        #expect(Set(held).isDisjoint(with: rest))
        try live.finish(rest)
        // Waiting for the lease to pass is waiting for the database's clock: ask until it hands the targets over.
        let taken = try await live.claimWhenHandedOver(whose: "the stopped runner's")
        // A wait that runs out fails the test here rather than trapping on an empty list below.
        let first = try #require(taken.first, "the expired lease's targets were never handed over")
        #expect(taken == held.sorted())
        try live.release([first])
        #expect(try stopped.claim(limit: 100) == .claimed([first]))
        // The stopped runner's finish of a target taken over is ignored: it is the other runner's now.
        try stopped.finish(Array(taken.dropFirst()))
        try live.finish(Array(taken.dropFirst()))
        try stopped.finish([first])
        #expect(try live.claim(limit: 100) == .finished)
    }

    @Test("a record holding U+0000 is refused with a message saying what to do, and the stored version is kept")
    func nulCharacter() throws {
        let store = try migratedStore()
        func record(_ feature: String) -> Record {
            Record(
                target: "site/nul", site: "site", url: "http://127.0.0.1:1/", fetchedAt: "2026-06-01T08:00:00Z",
                vendor: "Vendor", lastVerified: nil, freeTier: nil, priceRange: nil,
                plans: [Plan(name: "Pro", prices: [:], features: [feature])], alternatives: [], extras: [:])
        }
        // An escaped backslash followed by u0000 is ordinary text.
        try store.save(record("C:\\u0000 path"), page: [1], at: Date(), validators: nil)
        let refused = #expect(throws: PostgresError.self) {
            try store.save(record("before\u{0}after"), page: [2], at: Date(), validators: nil)
        }
        #expect(refused?.description.contains("NUL character (U+0000)") == true)
        #expect(refused?.description.contains("stored record was kept") == true)
        #expect(try store.history(for: "site/nul").map { $0.record.plans[0].features } == [["C:\\u0000 path"]])
    }

    @Test("a batch's reads come from one query; a save finds a version another runner added meanwhile and builds on it")
    func readAheadGoesStale() throws {
        let store = try migratedStore()
        let other = try PostgresRecordStore(location: store.location)
        func record(_ price: String) -> Record {
            Record(
                target: "site/a", site: "site", url: "http://127.0.0.1:1/", fetchedAt: "2026-06-01T08:00:00Z",
                vendor: "Vendor \(price)", lastVerified: nil, freeTier: nil, priceRange: nil,
                plans: [Plan(name: "Pro", prices: [:], features: [price])], alternatives: [], extras: [:])
        }
        let validators = CacheValidators(url: "http://127.0.0.1:1/", etag: "\"v1\"", lastModified: nil, charset: nil)
        try store.save(record("1"), page: [1], at: Date(), validators: validators)
        try store.readAhead(["site/a", "site/none"])
        #expect(try store.latest(for: "site/a")?.vendor == "Vendor 1")
        #expect(try store.cacheValidators(for: "site/a") == validators)
        #expect(try store.hasLatest(for: "site/none") == false)
        // Another runner (its lease taken over) stores version 2 after the read: the read-ahead is stale now.
        #expect(try other.save(record("2"), page: [2], at: Date(), validators: nil) == .updated(version: 2))
        #expect(try store.save(record("2"), page: [2], at: Date(), validators: nil) == .unchanged(version: 2))
        try store.readAhead(["site/a"])
        try other.save(record("3"), page: [3], at: Date(), validators: nil)
        #expect(try store.save(record("4"), page: [4], at: Date(), validators: nil) == .updated(version: 4))
        #expect(
            try store.history(for: "site/a").map(\.record.vendor) == ["Vendor 1", "Vendor 2", "Vendor 3", "Vendor 4"])
        #expect(try store.rawPage(for: "site/a") == [4])
        // What was read ahead is dropped with its batch: a later read asks the server.
        try store.readAhead(["site/a"])
        store.forget(["site/a"])
        try other.save(record("5"), page: [5], at: Date(), validators: validators)
        #expect(try store.latest(for: "site/a")?.vendor == "Vendor 5")
        #expect(try store.cacheValidators(for: "site/a") == validators)
    }
}

extension PostgresTargetClaims {
    /// Claims until the database hands over targets whose lease has passed, for up to a minute: a lease passes
    /// on the database's clock, so the test asks again rather than waiting a fixed time. Empty when the wait runs
    /// out; a round that ends first is an issue, since `whose` targets are still unchecked.
    func claimWhenHandedOver(whose: String) async throws -> [String] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            switch try claim(limit: 100) {
            case .claimed(let ids): return ids
            case .waiting: try await Task.sleep(for: .milliseconds(50))
            case .finished:
                Issue.record("the round cannot end with \(whose) targets unchecked")
                return []
            }
        }
        return []
    }
}
