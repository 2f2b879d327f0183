import Foundation
import PricewatchPostgres
import PricewatchTestSupport
import Testing

/// Runs a suite with one ``PostgresTestServer``, started before its first test and stopped after its last
/// (also when a test fails); each test makes its own database with ``freshDatabase()``.
struct PostgresServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withPostgresServer { server in
            try await PostgresServerTrait.$server.withValue(server) { try await function() }
        }
    }

    /// The suite's server, for the tests running inside its scope.
    @TaskLocal static var server: PostgresTestServer?
}

extension Trait where Self == PostgresServerTrait {
    /// A PostgreSQL server for the whole suite.
    static var postgresServer: Self { PostgresServerTrait() }
}

/// The suite's server; fails the test when the suite lacks the ``PostgresServerTrait``.
func testServer() throws -> PostgresTestServer {
    try #require(PostgresServerTrait.server, "the suite needs the .postgresServer trait")
}

/// A new, empty database on the suite's server, so tests running at once never see each other's rows.
func freshDatabase() throws -> (server: PostgresTestServer, location: PostgresLocation) {
    let server = try testServer()
    let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let admin = try PostgresConnection(try #require(PostgresLocation(server.url())))
    // An identifier cannot be a parameter; this one is generated here, from hex digits only.
    try admin.query("CREATE DATABASE \(name)")
    return (server, try #require(PostgresLocation(server.url(database: name))))
}
