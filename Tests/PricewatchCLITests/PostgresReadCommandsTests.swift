import Foundation
import PricewatchCore
import PricewatchTestSupport
import Testing

/// `pricewatch diff --target` and `pricewatch report` reading the PostgreSQL store, like `history` and `export`.
@Suite("diff and report read the PostgreSQL store")
struct PostgresReadCommandsTests {
    @Test("diff --target compares stored versions; report shows every target and the failing one since when")
    func diffAndReport() async throws {
        try await withPostgresServer { database in
            try await withTemporaryFolder { folder in
                let original = try String(
                    contentsOfFile: TestLocations.fixtures.path + "/costbench/kling-api.html", encoding: .utf8)
                let changed = original.replacingOccurrences(of: "$500/usage", with: "$600/usage")
                let second = Switch()
                let pages = try LoopbackHTTPServer { request in
                    guard second.isOn else { return .ok(original) }
                    return request.path == "/gone" ? .status(404) : .ok(changed)
                }
                defer { pages.stop() }
                let config = try CommandLineTests.writeConfiguration(
                    in: folder, server: pages, paths: ["costbench/kept": "/kept", "costbench/gone": "/gone"])
                // The database is only in the environment, as a password should be.
                let environment = ["PRICEWATCH_STORE": database.url()]
                try await PostgresRunnersTests.migrate(database)
                let first = try await CommandRunner.run(
                    ["check", "--config", config, "--no-notify"], environment: environment)
                #expect(first.status == 0, "\(first.stderr)")
                second.turnOn()
                let failing = try await CommandRunner.run(
                    ["check", "--config", config, "--no-notify"], environment: environment)
                #expect(failing.status == 2, "\(failing.stderr)")

                let diff = try await CommandRunner.run(
                    ["diff", "--target", "costbench/kept", "--exit-code"], environment: environment)
                #expect(diff.status == 1, "\(diff.stderr)")
                #expect(diff.stdout.contains("$500") && diff.stdout.contains("$600"), "\(diff.stdout)")
                let json = try await CommandRunner.run(
                    ["diff", "--target", "costbench/kept", "1", "2", "--format", "json"], environment: environment)
                let changes = try PricewatchJSON.decoder().decode(ChangeSet.self, from: Data(json.stdout.utf8))
                #expect(changes.target == "costbench/kept" && !changes.changes.isEmpty)
                let same = try await CommandRunner.run(
                    ["diff", "--target", "costbench/kept", "2", "2"], environment: environment)
                #expect(same.stdout == "no changes\n")
                let missing = try await CommandRunner.run(
                    ["diff", "--target", "costbench/kept", "1", "7"], environment: environment)
                #expect(missing.status == 64)
                #expect(missing.stderr.contains("no version 7") && !missing.stderr.contains(database.password))
                let one = try await CommandRunner.run(["diff", "--target", "costbench/gone"], environment: environment)
                #expect(one.status == 64 && one.stderr.contains("1 stored version"), "\(one.stderr)")

                let out = folder.appendingPathComponent("report.html").path
                let report = try await CommandRunner.run(["report", "--out", out], environment: environment)
                #expect(report.status == 0, "\(report.stderr)")
                let html = try String(contentsOfFile: out, encoding: .utf8)
                #expect(html.contains("costbench/kept") && html.contains("costbench/gone"))
                #expect(html.contains("2 targets · 1 failing · 1 changed"), "\(html.prefix(2000))")
                #expect(html.contains("fetch failing"))
            }
        }
    }
}
