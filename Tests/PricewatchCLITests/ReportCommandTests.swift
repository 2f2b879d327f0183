import Foundation
import PricewatchCore
import PricewatchTestSupport
import Testing

/// `pricewatch report` and `check --report` as cron runs them.
@Suite struct ReportCommandTests {
    @Test func checkRewritesTheReportAndRecordsFailingTargets() async throws {
        try await withTemporaryFolder { folder in
            let page = try Data(contentsOf: URL(fileURLWithPath: CommandLineTests.fixtures + "/costbench/fal-ai.html"))
            let server = try LoopbackHTTPServer { request in
                request.path == "/fal"
                    ? LoopbackResponse(status: 200, headers: [("Content-Type", "text/html")], body: .bytes(Array(page)))
                    : .status(404)
            }
            defer { server.stop() }
            let config = try CommandLineTests.writeConfiguration(
                in: folder, server: server, paths: ["costbench/fal": "/fal", "costbench/gone": "/gone"])
            let snapshots = folder.appendingPathComponent("snapshots").path
            let report = folder.appendingPathComponent("report.html").path
            // The missing page needs a stored snapshot to be reported on: store one for it first.
            let first = try await CommandRunner.run([
                "check", "--config", config, "--snapshots", snapshots, "--target", "costbench/fal",
            ])
            #expect(first.status == 0, "\(first.stderr)")
            try FileManager.default.copyItem(
                atPath: snapshots + "/costbench/fal", toPath: snapshots + "/costbench/gone")

            let check = try await CommandRunner.run([
                "check", "--config", config, "--snapshots", snapshots, "--report", report, "--locale", "en_US",
            ])
            #expect(check.status == 2, "one target failed: \(check.stderr)")
            let failures = try SnapshotStore(directory: URL(fileURLWithPath: snapshots)).failures()
            #expect(failures.keys.sorted() == ["costbench/gone"])
            #expect(failures["costbench/gone"]?.kind == .fetch)
            let html = try String(contentsOfFile: report, encoding: .utf8)
            #expect(html.components(separatedBy: "<tr data-target=").count == 3)
            #expect(html.contains(">fetch failing</span>"))

            let chosen = folder.appendingPathComponent("chosen.html").path
            let output = try await CommandRunner.run([
                "report", "--snapshots", snapshots, "--out", chosen, "--target", "costbench/fal", "--title",
                "Fal <only>",
                "--locale", "de_DE", "--since", "2020-01-01",
            ])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stderr.contains("report written to \(chosen)"))
            let only = try String(contentsOfFile: chosen, encoding: .utf8)
            #expect(only.components(separatedBy: "<tr data-target=").count == 2)
            #expect(only.contains("<title>Fal &lt;only&gt;</title>"))
            #expect(only.contains("<html lang=\"de-DE\">"))
        }
    }

    @Test(arguments: [
        (["--locale", "xx_NOPE"], "is not a known locale"), (["--since", "yesterday"], "is not a date"),
        (["--target", "costbench/none"], "run 'pricewatch check' first"),
    ])
    func badOptionsExit64SayingWhatToDo(arguments: [String], message: String) async throws {
        try await withTemporaryFolder { folder in
            let output = try await CommandRunner.run(
                ["report", "--snapshots", folder.path, "--out", folder.appendingPathComponent("r.html").path]
                    + arguments)
            #expect(output.status == 64)
            #expect(output.stderr.contains(message), "\(output.stderr)")
        }
    }

    @Test func checkRefusesReportOptionsWithoutAReport() async throws {
        try await withTemporaryFolder { folder in
            let output = try await CommandRunner.run(
                ["check", "--snapshots", folder.path, "--title", "Weekly"])
            #expect(output.status == 64)
            #expect(output.stderr.contains("add --report FILE"), "\(output.stderr)")
        }
    }
}
