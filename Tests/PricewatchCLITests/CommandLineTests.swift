import Foundation
import PricewatchCore
import PricewatchTestSupport
import Synchronization
import Testing

/// The `pricewatch` command as users and cron run it: output, exit codes, locking.
@Suite struct CommandLineTests {
    static let fixtures = TestLocations.fixtures.path

    /// A configuration with the repository's site rules and targets on a loopback server.
    static func writeConfiguration(in folder: URL, server: LoopbackHTTPServer, paths: [String: String]) throws -> String
    {
        let rules = try String(contentsOfFile: CommandRunner.repository.path + "/selectors.yml", encoding: .utf8)
        let sites = String(rules[..<rules.range(of: "\ntargets:")!.lowerBound])
        let targets = paths.sorted(by: { $0.key < $1.key }).map {
            "  - {id: \($0.key), site: costbench, url: \"\(server.url($0.value))\"}"
        }
        let file = folder.appendingPathComponent("selectors.yml")
        try (sites + "\ntargets:\n" + targets.joined(separator: "\n") + "\n").write(
            to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func extractPrintsARecord() async throws {
        let output = try await CommandRunner.run([
            "extract", "--config", "selectors.yml", "--site", "costbench", Self.fixtures + "/costbench/kling-api.html",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let record = try JSONDecoder().decode(Record.self, from: Data(output.stdout.utf8))
        #expect(record.vendor == "Kling API")
        #expect(record.plans.count == 4)
    }

    @Test func extractOfAPageMissingARequiredFieldExitsTwoNamingFieldAndSelector() async throws {
        try await withTemporaryFile("<html><body><h1>We moved</h1></body></html>") { page in
            let output = try await CommandRunner.run(["extract", "--site", "costbench", page])
            #expect(output.status == 2)
            #expect(output.stderr.contains("required field 'vendor'"))
            #expect(output.stderr.contains("Breadcrumb"))
            #expect(output.stdout.isEmpty)
        }
    }

    @Test func badConfigurationExits64WithLineAndKey() async throws {
        try await withTemporaryFile("sites:\n  shop:\n    vendor:\n      xpth: \"//h1\"\n") { config in
            let output = try await CommandRunner.run(["extract", "--config", config, "--site", "shop", config])
            #expect(output.status == 64)
            #expect(output.stderr.contains("\(config):4: sites.shop.vendor.xpth: unknown key 'xpth'"))
        }
    }

    @Test func usageErrorsExit64() async throws {
        let output = try await CommandRunner.run(["extract", "--site", "costbench", "--target", "x", "page.html"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("exactly one of --site"))
    }

    @Test func checkReportsJSONAndExitCodes() async throws {
        try await withTemporaryFolder { folder in
            let page = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/costbench/fal-ai.html"))
            let server = try LoopbackHTTPServer(routes: ["/fal": .ok(String(decoding: page, as: UTF8.self))])
            defer { server.stop() }
            let config = try Self.writeConfiguration(
                in: folder, server: server, paths: ["costbench/fal-ai": "/fal", "costbench/gone": "/gone"])
            let snapshots = folder.appendingPathComponent("snapshots").path
            let first = try await CommandRunner.run([
                "check", "--config", config, "--snapshots", snapshots, "--format", "json",
            ])
            #expect(first.status == 2, "a failed target gives status 2: \(first.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(first.stdout.utf8))
            #expect(report.schema == "pricewatch.report/1")
            #expect(report.targets.map(\.status) == [.new, .failed])

            let second = try await CommandRunner.run([
                "check", "--config", config, "--snapshots", snapshots, "--target", "costbench/fal-ai", "--exit-code",
            ])
            #expect(second.status == 0, "unchanged with --exit-code is 0: \(second.stderr)")
            #expect(second.stdout.contains("1 targets: 0 changed, 0 new, 1 unchanged, 0 failed"))

            let unknown = try await CommandRunner.run([
                "check", "--config", config, "--snapshots", snapshots, "--target", "nope",
            ])
            #expect(unknown.status == 64)
        }
    }

    /// An id given twice is checked once: two checks of one target at once would race on its snapshot folder,
    /// and the second, prepared before the first saved, would compare its page with nothing.
    @Test func aTargetGivenTwiceIsCheckedOnce() async throws {
        try await withTemporaryFolder { folder in
            let page = String(
                decoding: try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/costbench/fal-ai.html")),
                as: UTF8.self)
            let requests = Mutex(0)
            let server = try LoopbackHTTPServer { _ in
                requests.withLock { $0 += 1 }
                return .ok(page)
            }
            defer { server.stop() }
            let config = try Self.writeConfiguration(in: folder, server: server, paths: ["costbench/fal-ai": "/fal"])
            let snapshots = folder.appendingPathComponent("snapshots").path
            let run = try await CommandRunner.run([
                "check", "--config", config, "--snapshots", snapshots, "--target", "costbench/fal-ai", "--target",
                "costbench/fal-ai", "--format", "json",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let report = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
            #expect(report.targets.map(\.id) == ["costbench/fal-ai"])
            #expect(requests.withLock { $0 } == 1)
        }
    }

    @Test func secondConcurrentRunExitsWithAClearMessageAndCorruptsNothing() async throws {
        try await withTemporaryFolder { folder in
            let page = String(
                decoding: try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/costbench/kling-api.html")),
                as: UTF8.self)
            // The first run fetches only while it holds the lock, so its request is the moment to start a
            // second run. The server's handler thread does that and holds the page until the second run has
            // exited: no wait for a test task (which can queue behind hundreds on a loaded machine) lies between.
            let config = folder.appendingPathComponent("selectors.yml").path
            let snapshots = folder.appendingPathComponent("snapshots").path
            let second = Mutex<TestProcess.Output?>(nil)
            let secondStarted = Mutex(false)
            let server = try LoopbackHTTPServer { _ in
                // Once only: a second run that wrongly got the lock would fetch too.
                guard !secondStarted.withLock({ $0 }) else { return .ok(page) }
                secondStarted.withLock { $0 = true }
                let run = try? CommandRunner.start(["check", "--config", config, "--snapshots", snapshots])
                second.withLock { $0 = run?.waitForExit() }
                return .ok(page)
            }
            defer { server.stop() }
            _ = try Self.writeConfiguration(in: folder, server: server, paths: ["costbench/kling-api": "/slow"])
            let first = try await CommandRunner.run(["check", "--config", config, "--snapshots", snapshots])
            #expect(first.status == 0, "\(first.stderr)")
            let turnedAway = try #require(second.withLock { $0 }, "the second run did not start")
            #expect(turnedAway.status == 2)
            #expect(turnedAway.stderr.contains("another pricewatch run"), "\(turnedAway.stderr)")
            let store = SnapshotStore(directory: URL(fileURLWithPath: snapshots))
            #expect(try store.latest(for: "costbench/kling-api")?.vendor == "Kling API")
            #expect(try store.history(for: "costbench/kling-api").count == 1)
        }
    }

    @Test func diffComparesRecordFiles() async throws {
        let v1 = try await CommandRunner.run([
            "extract", "--site", "costbench", Self.fixtures + "/costbench/luma-dream-machine-api.html",
        ])
        let v2 = try await CommandRunner.run([
            "extract", "--site", "costbench", Self.fixtures + "/costbench/luma-dream-machine-api.v2.html",
        ])
        try await withTemporaryFile(v1.stdout) { old in
            try await withTemporaryFile(
                v2.stdout.replacingOccurrences(of: "luma-dream-machine-api.v2", with: "luma-dream-machine-api")
            ) { new in
                let output = try await CommandRunner.run(["diff", old, new, "--exit-code"])
                #expect(output.status == 1)
                #expect(output.stdout.split(separator: "\n").count == 4, "\(output.stdout)")
                #expect(output.stdout.contains("Last verified: May 30 → Jun 14, 2026"))
            }
        }
    }
}

func withTemporaryFile(_ contents: String, _ body: (String) async throws -> Void) async throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-\(UUID().uuidString).txt")
    try contents.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    try await body(file.path)
}
