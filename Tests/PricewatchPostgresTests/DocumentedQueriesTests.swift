import Foundation
import PricewatchCore
import PricewatchPostgres
import PricewatchTestSupport
import Testing

/// The example SQL of docs/postgres.md, run as written against a database that checks filled, so the documented
/// queries keep matching the schema and the records.
@Suite("docs/postgres.md example queries", .postgresServer)
struct DocumentedQueriesTests {
    /// The ```sql blocks of docs/postgres.md, in order.
    private func documentedQueries() throws -> [String] {
        let text = try String(
            contentsOf: TestLocations.repository.appendingPathComponent("docs/postgres.md"), encoding: .utf8)
        return text.components(separatedBy: "```sql\n").dropFirst().compactMap {
            $0.components(separatedBy: "```").first
        }
    }

    private func record(_ id: String, monthly: String, at time: Date) throws -> Record {
        let price = Price(raw: "$\(monthly)/mo", kind: .amount, amount: Amount(monthly), currency: "USD", period: "month")
        return Record(
            target: id, site: "costbench", url: "http://127.0.0.1:1/\(id)", fetchedAt: Timestamp.string(from: time),
            vendor: "Kling API", lastVerified: nil, freeTier: nil, priceRange: nil,
            plans: [
                Plan(name: "Pro", prices: ["monthly": price], features: ["1080p"]),
                Plan(name: "Team", prices: ["monthly": price], features: []),
            ],
            alternatives: [], extras: [:])
    }

    @Test("price history of plan X, every change this week, the latest records and the leases run as documented")
    func documentedQueriesRun() throws {
        let location = try freshDatabase().location
        let connection = try PostgresConnection(location)
        try SchemaMigrator().migrate(connection)
        let store = try PostgresRecordStore(location: location)
        let now = Date()
        let page = Array("<html>pricing</html>".utf8)
        // The documented target: $10 ten days ago, $12 two days ago; another target that never changed.
        try store.save(
            record("costbench/kling-api", monthly: "10", at: now - 10 * 86_400), page: page,
            at: now - 10 * 86_400, validators: nil)
        try store.save(
            record("costbench/kling-api", monthly: "12", at: now - 2 * 86_400), page: page, at: now - 2 * 86_400,
            validators: nil)
        try store.save(record("costbench/other", monthly: "7", at: now), page: page, at: now, validators: nil)

        let queries = try documentedQueries()
        #expect(queries.count == 4)
        for query in queries { _ = try connection.query(query) }

        let history = try connection.query(try #require(queries.first { $0.contains("plan ->> 'name' = 'Pro'") }))
        #expect(history.values.map { [$0[0], $0[3], $0[4]] } == [["1", "10", "USD"], ["2", "12", "USD"]])

        let thisWeek = try connection.query(try #require(queries.first { $0.contains("interval '7 days'") }))
        #expect(thisWeek.count == 1)
        #expect(thisWeek.string(0, 0) == "costbench/kling-api")
        #expect(thisWeek.string(0, 2) == "Kling API")
        #expect(thisWeek.string(0, 3)?.contains("\"amount\": \"10\"") == true)
        #expect(thisWeek.string(0, 4)?.contains("\"amount\": \"12\"") == true)

        let latest = try connection.query(try #require(queries.first { $0.contains("DISTINCT ON (target_id)") }))
        #expect(latest.values.map { [$0[0], $0[1]] } == [["costbench/kling-api", "2"], ["costbench/other", "1"]])
    }
}
