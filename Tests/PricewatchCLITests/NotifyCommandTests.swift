import Foundation
import PricewatchTestSupport
import Synchronization
import Testing

/// Alerts through the built binary: the webhook URL comes from the environment and is never printed.
@Suite struct NotifyCommandTests {
    static func configuration(in folder: URL, server: LoopbackHTTPServer) throws -> String {
        let path = try CommandLineTests.writeConfiguration(
            in: folder, server: server, paths: ["costbench/fal-ai": "/fal"])
        let notify = "notify:\n  slack:\n    webhook_env: TEST_SLACK_HOOK\n"
        try (try String(contentsOfFile: path, encoding: .utf8) + notify).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func notifyTestSendsAMessageWithoutShowingTheURL() async throws {
        try await withTemporaryFolder { folder in
            let server = try LoopbackHTTPServer(routes: ["/services/T000/B000/secret-token": .ok("ok")])
            defer { server.stop() }
            let config = try Self.configuration(in: folder, server: server)
            let hook = server.url("/services/T000/B000/secret-token")
            let output = try await CommandRunner.run(
                ["notify", "--test", "--config", config, "--snapshots", folder.path],
                environment: ["TEST_SLACK_HOOK": hook])
            #expect(output.status == 0, "\(output.stderr)")
            let received = server.requests(for: "/services/T000/B000/secret-token")
            #expect(received.count == 1)
            #expect(received.first?.method == "POST")
            #expect(!(output.stdout + output.stderr).contains("secret-token"))
        }
    }

    @Test func missingEnvironmentVariableSaysWhichToSet() async throws {
        try await withTemporaryFolder { folder in
            let server = try LoopbackHTTPServer(routes: [:])
            defer { server.stop() }
            let config = try Self.configuration(in: folder, server: server)
            let output = try await CommandRunner.run([
                "notify", "--test", "--config", config, "--snapshots", folder.path,
            ])
            #expect(output.status == 2)
            #expect(output.stderr.contains("TEST_SLACK_HOOK"))
        }
    }

    @Test func dryRunCheckPrintsThePayloadAndSendsNothing() async throws {
        try await withTemporaryFolder { folder in
            let page = try String(contentsOfFile: CommandLineTests.fixtures + "/costbench/fal-ai.html", encoding: .utf8)
            // The stored record has another price, so the dry run finds a change to alert about.
            let served = Mutex(page.replacingOccurrences(of: "$49/mo", with: "$45/mo"))
            let server = try LoopbackHTTPServer { request in
                request.path == "/fal" ? .ok(served.withLock { $0 }) : .ok("ok")
            }
            defer { server.stop() }
            let config = try Self.configuration(in: folder, server: server)
            let snapshots = folder.appendingPathComponent("snapshots").path
            #expect(
                try await CommandRunner.run(["check", "--config", config, "--snapshots", snapshots, "--no-notify"])
                    .status
                    == 0)
            served.withLock { $0 = page }

            let output = try await CommandRunner.run(
                ["check", "--dry-run", "--config", config, "--snapshots", snapshots],
                environment: ["TEST_SLACK_HOOK": server.url("/hook-secret")])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.contains("Startup monthly: $45/mo → $49/mo (+8.9%)"), "\(output.stdout)")
            #expect(output.stderr.contains("would be sent"))
            #expect(output.stderr.contains("Startup monthly"))
            #expect(!output.stderr.contains("hook-secret"))
            #expect(server.requests(for: "/hook-secret").isEmpty)
        }
    }
}
