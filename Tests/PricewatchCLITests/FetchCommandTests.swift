import Foundation
import PricewatchCore
import PricewatchTestSupport
import Synchronization
import Testing

/// `pricewatch fetch` and Ctrl-C, through the built binary.
@Suite struct FetchCommandTests {
    @Test func fetchOneURLPrintsTheBody() async throws {
        let server = try LoopbackHTTPServer(routes: ["/page": .ok("<p>hello</p>")])
        defer { server.stop() }
        let output = try await CommandRunner.run(["fetch", server.url("/page")])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "<p>hello</p>")
    }

    @Test func fetchTargetsPrintsASummaryAndSavesBodies() async throws {
        try await withTemporaryFolder { folder in
            let server = try LoopbackHTTPServer(routes: ["/fal": .ok("<p>fal</p>")])
            defer { server.stop() }
            let config = try CommandLineTests.writeConfiguration(
                in: folder, server: server, paths: ["costbench/fal-ai": "/fal", "costbench/gone": "/gone"])
            let out = folder.appendingPathComponent("pages")
            let output = try await CommandRunner.run([
                "fetch", "--config", config, "--out", out.path, "--max-attempts", "1",
            ])
            #expect(output.status == 2, "a failed page gives status 2")
            let lines = output.stdout.split(separator: "\n").map {
                $0.split(separator: " ", omittingEmptySubsequences: true)
            }
            #expect(lines.first == ["target", "status", "bytes", "ms", "attempts"])
            #expect(
                lines.dropFirst().map { [String($0[0]), String($0[1])] } == [
                    ["costbench/fal-ai", "200"], ["costbench/gone", "error"],
                ])
            #expect(output.stderr.contains("HTTP 404"))
            #expect(
                try String(contentsOf: out.appendingPathComponent("costbench/fal-ai.html"), encoding: .utf8)
                    == "<p>fal</p>")
        }
    }

    /// SIGTERM (cron, systemd, Kubernetes) and SIGHUP act as Ctrl-C does; only the exit status differs.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func interruptStopsACheckPromptlyAndReleasesTheLock(signal: Int32) async throws {
        try await withTemporaryFolder { folder in
            // The request shows the run is fetching, its signal handlers in place. The server's handler
            // thread sends the signal at once and holds the page back, so no wait for a test task (which can
            // queue behind hundreds on a loaded machine) lets the fetch time out first.
            let gate = Latch()
            let started = Latch()
            let child = Mutex<TestProcess?>(nil)
            let server = try LoopbackHTTPServer { _ in
                started.wait()
                child.withLock { $0 }?.send(signal)
                gate.wait()
                return .ok("<p>late</p>")
            }
            defer {
                gate.open()
                started.open()
                server.stop()
            }
            let config = try CommandLineTests.writeConfiguration(
                in: folder, server: server, paths: ["costbench/slow": "/slow"])
            let snapshots = folder.appendingPathComponent("snapshots").path
            let process = try CommandRunner.start(["check", "--config", config, "--snapshots", snapshots])
            child.withLock { $0 = process }
            started.open()
            let output = await process.exit()
            #expect(!server.requests.isEmpty, "the check never reached the server")
            #expect(!output.killedBySignal)
            #expect(output.status == 128 + signal)
            #expect(output.stdout.contains("costbench/slow: failed"))
            // The lock is free again: a dry run would not need it, so take it directly.
            let lock = try SnapshotStore(directory: URL(fileURLWithPath: snapshots)).lock(wait: false)
            lock.unlock()
        }
    }
}
