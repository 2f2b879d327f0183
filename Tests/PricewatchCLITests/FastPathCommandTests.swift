import Foundation
import PricewatchCore
import PricewatchTestSupport
import Synchronization
import Testing

/// `PRICEWATCH_PLAIN` turns the fast paths off for benchmarks (docs/bench.md); the results must not change,
/// and files written either way must read the other way.
@Suite struct FastPathCommandTests {
    /// One check of a folder, the fast paths on or off; the report's statuses and changes, and `latest.json`
    /// of the changing target without its fetch time.
    struct Outcome: Equatable {
        var statuses: [Report.Status]
        var changes: [[Change]]
        var latest: Record
    }

    @Test func everyFastPathOffGivesTheSameResultsAndReadsTheSameFiles() async throws {
        try await withTemporaryFolder { folder in
            let fixtures = CommandLineTests.fixtures + "/costbench/"
            let read = { (name: String) in try String(contentsOfFile: fixtures + name, encoding: .utf8) }
            let (fal, lumaV1, lumaV2) = try (
                read("fal-ai.html"), read("luma-dream-machine-api.html"), read("luma-dream-machine-api.v2.html")
            )
            let luma = Mutex(lumaV1)
            let server = try LoopbackHTTPServer { request in
                .ok(request.path == "/fal" ? fal : luma.withLock { $0 })
            }
            defer { server.stop() }
            let config = try CommandLineTests.writeConfiguration(
                in: folder, server: server, paths: ["costbench/fal-ai": "/fal", "costbench/luma": "/luma"])

            func check(_ snapshots: String, plain: Bool) async throws -> Outcome {
                let arguments = [
                    "check", "--config", config, "--snapshots", snapshots, "--format", "json", "--no-notify",
                ]
                let run = try await CommandRunner.run(
                    arguments,
                    environment: plain
                        ? ["PRICEWATCH_PLAIN": "json,index,syncfs,css,words,xpath,arena,fingerprint"] : [:])
                #expect([0, 1].contains(run.status), "\(run.stderr)")
                let report = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
                var latest = try JSONDecoder().decode(
                    Record.self, from: Data(contentsOf: URL(fileURLWithPath: snapshots + "/costbench/luma/latest.json"))
                )
                latest.fetchedAt = ""
                return Outcome(
                    statuses: report.targets.map(\.status), changes: report.targets.map(\.changes), latest: latest)
            }

            let fast = folder.appendingPathComponent("fast").path
            let mixed = folder.appendingPathComponent("mixed").path
            // Baseline, a changed page, nothing new: all fast, against fast, plain, fast on one folder.
            var outcomes: [(Outcome, Outcome)] = []
            for (round, page) in [lumaV1, lumaV2, lumaV2].enumerated() {
                luma.withLock { $0 = page }
                outcomes.append((try await check(fast, plain: false), try await check(mixed, plain: round == 1)))
            }
            for (fastOutcome, mixedOutcome) in outcomes { #expect(fastOutcome == mixedOutcome) }
            #expect(outcomes.map(\.0.statuses) == [[.new, .new], [.unchanged, .changed], [.unchanged, .unchanged]])
            let history = { (root: String) in
                try FileManager.default.contentsOfDirectory(atPath: root + "/costbench/luma/history").sorted()
            }
            #expect(try history(fast) == history(mixed))
            #expect(try history(fast) == ["000001.json", "000002.json"])
        }
    }
}
