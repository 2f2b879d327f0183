import Foundation
import PricewatchCore
import PricewatchTestSupport
import Testing

/// Configuration problems stop a run before any fetch, all reported at once; credentials reach the site
/// and nothing else; alerts that are not set up say so in one line.
@Suite struct ConfigAndSecretsCommandTests {
    static let fixtures = TestLocations.fixtures.path

    /// The repository's site rules, then `targets` (YAML list items) and `extra` top-level text.
    static func writeConfiguration(in folder: URL, targets: [String], extra: String = "") throws -> String {
        let rules = try String(contentsOfFile: CommandRunner.repository.path + "/selectors.yml", encoding: .utf8)
        let sites = String(rules[..<rules.range(of: "\ntargets:")!.lowerBound])
        let file = folder.appendingPathComponent("selectors.yml")
        try (sites + "\ntargets:\n" + targets.joined(separator: "\n") + "\n" + extra).write(
            to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func falPage() throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: fixtures + "/costbench/fal-ai.html")), as: UTF8.self)
    }

    /// Every byte stored under `folder`, as text, to search for leaks.
    static func everythingStored(under folder: String) throws -> String {
        var text = ""
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let path = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folder + "/" + path) {
                text += path + "\n" + String(decoding: data, as: UTF8.self)
            }
        }
        return text
    }

    @Test func everyConfigurationProblemIsReportedWithExit64BeforeAnyFetch() async throws {
        try await withTemporaryFolder { folder in
            let server = try LoopbackHTTPServer { _ in .ok("<html></html>") }
            defer { server.stop() }
            let credentialed = server.url("/a").replacingOccurrences(of: "http://", with: "http://user:hunter2@")
            let config = try Self.writeConfiguration(
                in: folder,
                targets: [
                    "  - {id: costbench/a, site: costbench, url: \"\(credentialed)\"}",
                    "  - {id: costbench/b, site: costbench, url: \"\(server.url("/b"))\", ignore: [prices.monthly]}",
                    "  - {id: costbench/c, site: costbench, url: \"\(server.url("/c"))\"}",
                ])
            let snapshots = folder.appendingPathComponent("snapshots").path

            let output = try await CommandRunner.run(["check", "--config", config, "--snapshots", snapshots])

            #expect(output.status == 64)
            let errors = output.stderr.split(separator: "\n").filter { $0.hasPrefix("error: ") }
            #expect(errors.count == 2, "\(output.stderr)")
            #expect(output.stderr.contains("targets.[0].url: 'http://[redacted]@127.0.0.1"), "\(output.stderr)")
            #expect(output.stderr.contains("headers: {Authorization: {env: PRICING_TOKEN}}"))
            #expect(output.stderr.contains("targets.[1].ignore: 'prices.monthly' is not a field"))
            #expect(output.stderr.contains("nothing was fetched"))
            #expect(!output.stderr.contains("hunter2"))
            #expect(server.requests.isEmpty, "nothing is fetched when the configuration has problems")
        }
    }

    @Test func headerCredentialsFromTheEnvironmentAreSentAndAppearNowhereElse() async throws {
        try await withTemporaryFolder { folder in
            let page = try Self.falPage()
            let server = try LoopbackHTTPServer { request in
                let sent = request.header("Authorization") ?? ""
                guard sent == "Bearer tok-right-000" else {
                    let echo = "<h1>Unauthorized</h1><p>token '\(sent)' refused</p>"
                    return LoopbackResponse(status: 401, body: .bytes(Array(echo.utf8)))
                }
                return .ok(page)
            }
            defer { server.stop() }
            let config = try Self.writeConfiguration(
                in: folder,
                targets: [
                    "  - id: costbench/fal-ai\n    site: costbench\n    url: \"\(server.url("/fal"))\"\n"
                        + "    headers: {Authorization: {env: PW_TEST_TOKEN}}"
                ])
            let snapshots = folder.appendingPathComponent("snapshots").path
            let check = ["check", "--config", config, "--snapshots", snapshots, "--format", "json", "--no-notify"]

            let missing = try await CommandRunner.run(check, environment: ["PW_TEST_TOKEN": ""])
            #expect(missing.status == 2)
            #expect(missing.stdout.contains("PW_TEST_TOKEN, which is not set"), "\(missing.stdout)")
            #expect(server.requests.isEmpty, "no request goes out without its credential")

            let wrong = try await CommandRunner.run(check, environment: ["PW_TEST_TOKEN": "Bearer tok-wrong-111"])
            #expect(wrong.status == 2)
            #expect(wrong.stdout.contains("HTTP 401"), "\(wrong.stdout)")
            #expect(!(wrong.stdout + wrong.stderr).contains("tok-wrong-111"), "the echoed token is hidden")

            let right = try await CommandRunner.run(check, environment: ["PW_TEST_TOKEN": "Bearer tok-right-000"])
            #expect(right.status == 0, "\(right.stderr)")
            #expect(right.stdout.contains("\"status\" : \"new\""))
            #expect(server.requests.last?.header("Authorization") == "Bearer tok-right-000")
            let stored = try Self.everythingStored(under: snapshots)
            #expect(stored.contains("latest.json"))
            for secret in ["tok-right-000", "tok-wrong-111"] {
                #expect(!(stored + right.stdout + right.stderr).contains(secret))
            }
        }
    }

    @Test func verboseListsUnchangedTargetsAndAnUnsetSlackVariableSaysAlertsAreOffInOneLine() async throws {
        try await withTemporaryFolder { folder in
            let page = try Self.falPage()
            let server = try LoopbackHTTPServer { _ in .ok(page) }
            defer { server.stop() }
            let config = try Self.writeConfiguration(
                in: folder, targets: ["  - {id: costbench/fal-ai, site: costbench, url: \"\(server.url("/fal"))\"}"],
                extra: "notify:\n  slack:\n    webhook_env: PW_TEST_SLACK\n")
            let snapshots = folder.appendingPathComponent("snapshots").path
            let check = ["check", "--config", config, "--snapshots", snapshots]

            let first = try await CommandRunner.run(check, environment: ["PW_TEST_SLACK": ""])
            #expect(first.status == 0, "alerts being off is no failure: \(first.stderr)")
            let off = first.stderr.split(separator: "\n").filter { $0.contains("alerts are off") }
            #expect(off.count == 1, "\(first.stderr)")
            #expect(off.first?.contains("export PW_TEST_SLACK") == true)
            let queued = (try? FileManager.default.contentsOfDirectory(atPath: snapshots + "/.outbox")) ?? []
            #expect(queued.isEmpty, "nothing piles up in the outbox")

            let quiet = try await CommandRunner.run(check, environment: ["PW_TEST_SLACK": ""])
            #expect(!quiet.stdout.contains("Fal.ai (costbench/fal-ai): unchanged"))
            let verbose = try await CommandRunner.run(check + ["--verbose", "--no-notify"])
            #expect(verbose.status == 0)
            #expect(verbose.stdout.contains("Fal.ai (costbench/fal-ai): unchanged"), "\(verbose.stdout)")
            #expect(!verbose.stderr.contains("alerts are off"), "--no-notify silences the line")
        }
    }

    @Test func theDefaultConfigurationRoutesAlertsToSlackFromSlackWebhookURL() async throws {
        let config = try Configuration.load(path: CommandRunner.repository.path + "/selectors.yml")
        #expect(config.notify.routes.map(\.destination) == [.slack(urlVariable: "SLACK_WEBHOOK_URL")])
    }
}
