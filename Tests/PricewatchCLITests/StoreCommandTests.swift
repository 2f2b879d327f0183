import Foundation
import PricewatchPostgres
import PricewatchTestSupport
import Testing

@Suite("pricewatch store")
struct StoreCommandTests {
    @Test("store migrate: from empty, again, and with a wrong password, never printing the password")
    func migrate() async throws {
        try await withPostgresServer { server in
            let first = try await CommandRunner.run(
                ["store", "migrate"], environment: ["PRICEWATCH_DATABASE_URL": server.url(), "PRICEWATCH_STORE": ""])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("schema migrated from version 0 to \(SchemaMigrator().latestVersion)"))
            #expect(first.stdout.contains("postgresql://pricewatch:***@/postgres"))

            // Passwords go in the environment, never on a command line that `ps` shows.
            let again = try await CommandRunner.run(
                ["store", "migrate"], environment: ["PRICEWATCH_STORE": server.keyValueString()])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("schema is up to date (version \(SchemaMigrator().latestVersion))"))
            #expect(again.stdout.contains("password=***"))

            // --store takes a location without the password, which libpq then reads from PGPASSWORD.
            let location = "host=\(server.folder.path) port=\(server.port) dbname=postgres user=\(server.user)"
            let flag = try await CommandRunner.run(
                ["store", "migrate", "--store", location],
                environment: ["PGPASSWORD": server.password, "PRICEWATCH_STORE": ""])
            #expect(flag.status == 0, "\(flag.stderr)")
            #expect(flag.stdout.contains("schema is up to date"))

            let wrong = try await CommandRunner.run(
                ["store", "migrate"], environment: ["PRICEWATCH_STORE": server.url(password: "N0tTheRightOne")])
            #expect(wrong.status == 2)
            #expect(wrong.stderr.contains("password authentication failed"))
            #expect(wrong.stderr.contains("Check the user name and password"))
            for output in [first, again, flag, wrong] {
                #expect(!(output.stdout + output.stderr).contains(server.password))
                #expect(!(output.stdout + output.stderr).contains("N0tTheRightOne"))
            }
        }
    }

    @Test("store migrate without a database, or with a folder, says what to pass")
    func needsDatabase() async throws {
        let none = try await CommandRunner.run(
            ["store", "migrate"], environment: ["PRICEWATCH_DATABASE_URL": "", "PRICEWATCH_STORE": ""])
        #expect(none.status == 64)
        #expect(none.stderr.contains("set PRICEWATCH_DATABASE_URL"))
        let folder = try await CommandRunner.run(["store", "migrate", "--store", "snapshots"])
        #expect(folder.status == 64)
        #expect(folder.stderr.contains("is not a PostgreSQL location"))
    }
}
