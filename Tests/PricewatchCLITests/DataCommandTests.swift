import Foundation
import PricewatchCore
import PricewatchTestSupport
import Synchronization
import Testing

/// `history`, `export` and `reextract` over snapshots that two real `check` runs stored.
@Suite struct DataCommandTests {
    /// Serves the Luma page, then its v2, and runs `check` after each.
    static func twoChecks(in folder: URL) async throws -> (config: String, snapshots: String) {
        let fixtures = CommandLineTests.fixtures + "/costbench/"
        let v1 = try Data(contentsOf: URL(fileURLWithPath: fixtures + "luma-dream-machine-api.html"))
        let v2 = try Data(contentsOf: URL(fileURLWithPath: fixtures + "luma-dream-machine-api.v2.html"))
        let current = Mutex(Array(v1))
        let server = try LoopbackHTTPServer { _ in
            LoopbackResponse(
                status: 200, headers: [("Content-Type", "text/html")], body: .bytes(current.withLock { $0 }))
        }
        defer { server.stop() }
        let config = try CommandLineTests.writeConfiguration(
            in: folder, server: server, paths: ["costbench/luma": "/luma"])
        let snapshots = folder.appendingPathComponent("snapshots").path
        for page in [v1, v2] {
            current.withLock { $0 = Array(page) }
            let output = try await CommandRunner.run(["check", "--config", config, "--snapshots", snapshots])
            guard output.status == 0 else { throw CommandError(description: "check failed: \(output.stderr)") }
        }
        return (config, snapshots)
    }

    @Test func historyAndExportShowBothVersions() async throws {
        try await withTemporaryFolder { folder in
            let (_, snapshots) = try await Self.twoChecks(in: folder)
            let history = try await CommandRunner.run([
                "history", "costbench/luma", "--snapshots", snapshots, "--plan", "ray2",
            ])
            #expect(history.status == 0, "\(history.stderr)")
            let rows = history.stdout.split(separator: "\n")
            #expect(rows.count == 5, "header + 2 versions × (monthly, annual): \(history.stdout)")
            #expect(rows.contains { $0.contains("monthly") && $0.contains("$0.08/per second") })

            let csv = try await CommandRunner.run(["export", "--snapshots", snapshots, "--format", "csv"])
            #expect(csv.status == 0, "\(csv.stderr)")
            let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "target,vendor,plan,field,amount,currency,period,unit,raw,seen_at")
            #expect(
                lines.contains {
                    $0.hasPrefix(
                        "costbench/luma,Luma Dream Machine API,Ray2 Flash (Low-Cost Video),monthly,0.08,USD,,second,")
                })

            let all = try await CommandRunner.run([
                "export", "--snapshots", snapshots, "--format", "ndjson", "--history",
            ])
            #expect(all.stdout.split(separator: "\n").count == 2 * (lines.count - 1))
        }
    }

    @Test func reextractWithUnchangedRulesReportsNothing() async throws {
        try await withTemporaryFolder { folder in
            let (config, snapshots) = try await Self.twoChecks(in: folder)
            let output = try await CommandRunner.run([
                "reextract", "--config", config, "--snapshots", snapshots, "--format", "json",
            ])
            #expect(output.status == 0, "\(output.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8))
            #expect(report.targets.map(\.status) == [.unchanged])
        }
    }

    @Test func historyOfAnUnknownTargetSaysWhatToDo() async throws {
        try await withTemporaryFolder { folder in
            let output = try await CommandRunner.run(["history", "costbench/none", "--snapshots", folder.path])
            #expect(output.status == 64)
            #expect(output.stderr.contains("run 'pricewatch check' first"))
        }
    }
}
