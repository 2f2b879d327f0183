import Foundation
import PricewatchCore
import PricewatchTestSupport
import Synchronization
import Testing

/// `pricewatch check` on a page too deeply nested to read: exit 2 (a failure), not 1 (a change), and
/// nothing from libxml2 on stderr.
@Suite struct IncompletePageCommandTests {
    @Test func aPageNestedTooDeepExitsTwoKeepsTheSnapshotAndPrintsNoLibxml2Errors() async throws {
        try await withTemporaryFolder { folder in
            let page = String(
                decoding: try Data(
                    contentsOf: URL(fileURLWithPath: CommandLineTests.fixtures + "/costbench/fal-ai.html")),
                as: UTF8.self)
            // Cut after the first table row: the rows after it sit 5,000 unclosed <div>s deep.
            let firstRowEnd = try #require(page.range(of: "</tr>"))
            let deep = page.replacingCharacters(
                in: firstRowEnd.upperBound..<firstRowEnd.upperBound, with: String(repeating: "<div>", count: 5000))
            let served = Mutex(page)
            let server = try LoopbackHTTPServer { _ in .ok(served.withLock { $0 }) }
            defer { server.stop() }
            let config = try CommandLineTests.writeConfiguration(
                in: folder, server: server, paths: ["costbench/fal-ai": "/fal"])
            let snapshots = folder.appendingPathComponent("snapshots").path
            let arguments = ["check", "--config", config, "--snapshots", snapshots, "--format", "json"]
            let first = try await CommandRunner.run(arguments)
            #expect(first.status == 0, "\(first.stderr)")
            let latest = try Data(contentsOf: URL(fileURLWithPath: snapshots + "/costbench/fal-ai/latest.json"))

            served.withLock { $0 = deep }
            let second = try await CommandRunner.run(arguments)
            #expect(second.status == 2, "\(second.stdout)")
            #expect(second.stderr.isEmpty, "\(second.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(second.stdout.utf8))
            #expect(report.targets.map(\.status) == [.failed])
            #expect(report.targets.first?.changes.map(\.kind) == [.extractionFailed])
            #expect(report.targets.first?.error?.contains("levels deep") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: snapshots + "/costbench/fal-ai/latest.json")) == latest)
        }
    }
}
