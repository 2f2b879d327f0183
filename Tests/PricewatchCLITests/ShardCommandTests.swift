import Foundation
import PricewatchCore
import PricewatchTestSupport
import Testing

@Suite("check --shard i/N")
struct ShardCommandTests {
    @Test("three shards over one snapshot folder check every target exactly once; a bad shard is a usage error")
    func shardsSplitTheFolderStore() async throws {
        try await withTemporaryFolder { folder in
            let server = try LoopbackHTTPServer { _ in
                .ok(
                    (try? String(
                        contentsOfFile: TestLocations.fixtures.path + "/costbench/kling-api.html", encoding: .utf8))
                        ?? "")
            }
            defer { server.stop() }
            let ids = (0..<30).map { String(format: "costbench/shard-%02d", $0) }
            let config = try CommandLineTests.writeConfiguration(
                in: folder, server: server, paths: Dictionary(uniqueKeysWithValues: ids.map { ($0, "/\($0)") }))
            var checked: [String] = []
            for shard in 1...3 {
                let output = try await CommandRunner.run(
                    [
                        "check", "--config", config, "--snapshots", folder.path + "/snapshots", "--shard", "\(shard)/3",
                        "--format", "json", "--no-notify",
                    ], environment: ["PRICEWATCH_STORE": ""])
                #expect(output.status == 0, "\(output.stderr)")
                let report = try JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8))
                // A stable hash spreads 30 ids over three shards; none is empty.
                #expect(!report.targets.isEmpty)
                checked += report.targets.map(\.id)
            }
            #expect(checked.sorted() == ids)
            #expect(server.requests.count == ids.count)
            for bad in ["0/3", "4/3", "1/0", "one/two"] {
                let output = try await CommandRunner.run(["check", "--config", config, "--shard", bad])
                #expect(output.status == 64, "\(bad): \(output.stderr)")
            }
        }
    }
}
