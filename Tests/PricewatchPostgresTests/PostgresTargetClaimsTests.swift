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
        var taken: [String] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while taken.isEmpty, ContinuousClock.now < deadline {
            switch try live.claim(limit: 100) {
            case .claimed(let ids): taken = ids
            case .waiting: try await Task.sleep(for: .milliseconds(50))
            case .finished: Issue.record("the round cannot end with the stopped runner's targets unchecked")
            }
        }
        #expect(taken == held.sorted())
        try live.release([taken[0]])
        #expect(try stopped.claim(limit: 100) == .claimed([taken[0]]))
        // The stopped runner's finish of a target taken over is ignored: it is the other runner's now.
        try stopped.finish(Array(taken.dropFirst()))
        try live.finish(Array(taken.dropFirst()))
        try stopped.finish([taken[0]])
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
}
