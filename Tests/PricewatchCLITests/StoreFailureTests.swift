import Foundation
import PricewatchCore
import PricewatchTestSupport
import Synchronization
import Testing

/// When the snapshot store fails, `check` says why in every format, keeps the old snapshots and goes on.
@Suite struct StoreFailureTests {
    static let page = try! String(
        contentsOfFile: CommandLineTests.fixtures + "/costbench/fal-ai.html", encoding: .utf8)

    /// A full disk, had with a file-size limit (root ignores a read-only folder, not RLIMIT_FSIZE): the page
    /// cannot be stored, so the target fails with the reason in text and Markdown, exit 2, and the baseline
    /// stays as it was. The change is alerted only once it is stored, and only once (it used to go to Slack on
    /// every failing run).
    @Test(arguments: ["text", "markdown"])
    func aFullDiskFailsTheTargetSayingWhyAndKeepsTheOldSnapshot(format: String) async throws {
        try await withTemporaryFolder { folder in
            let served = Mutex(Self.page)
            let server = try LoopbackHTTPServer { request in
                request.path == "/fal" ? .ok(served.withLock { $0 }) : .ok("ok")
            }
            defer { server.stop() }
            let config = try NotifyCommandTests.configuration(in: folder, server: server)
            let slack = ["TEST_SLACK_HOOK": server.url("/hook")]
            func alertedChanges() -> [String] {
                server.requests(for: "/hook").map { String(decoding: $0.body, as: UTF8.self) }
                    .filter { $0.contains("Startup monthly") }
            }
            let snapshots = folder.appendingPathComponent("snapshots").path
            let baseline = try await CommandRunner.run(
                ["check", "--config", config, "--snapshots", snapshots], environment: slack)
            #expect(baseline.status == 0, "\(baseline.stderr)")
            let latest = snapshots + "/costbench/fal-ai/latest.json"
            let before = try Data(contentsOf: URL(fileURLWithPath: latest))

            served.withLock { $0 = Self.page.replacingOccurrences(of: "$49/mo", with: "$45/mo") }
            for _ in 1...2 {
                // 16 KiB: the 66 KB page cannot be written; the lock file and small files can.
                let full = try await CommandRunner.run(
                    ["check", "--config", config, "--snapshots", snapshots, "--format", format],
                    environment: slack, fileSizeLimit: 16)
                #expect(full.status == 2, "\(full.stdout)\(full.stderr)")
                #expect(full.stdout.contains("could not store the snapshot"), "\(full.stdout)")
                #expect(full.stdout.contains("File too large"), "\(full.stdout)")
                #expect(full.stdout.contains("The previous version of the file is intact"), "\(full.stdout)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: latest)) == before)
                #expect(alertedChanges().isEmpty, "a change that was not stored is not alerted")
            }
            let store = SnapshotStore(directory: URL(fileURLWithPath: snapshots))
            #expect(try store.history(for: "costbench/fal-ai").count == 1)

            // With room again, the change is found, stored and alerted, once.
            for _ in 1...2 {
                let fixed = try await CommandRunner.run(
                    ["check", "--config", config, "--snapshots", snapshots], environment: slack)
                #expect(fixed.status == 0, "\(fixed.stderr)")
            }
            #expect(try store.history(for: "costbench/fal-ai").count == 2)
            #expect(alertedChanges().count == 1)
            #expect(alertedChanges().first?.contains("$49/mo → $45/mo") == true, "\(alertedChanges())")
        }
    }

    /// A file where the target's folder must be: that target fails saying so, the other is stored.
    @Test func aFileInPlaceOfATargetFolderFailsOnlyThatTarget() async throws {
        try await withTemporaryFolder { folder in
            let server = try LoopbackHTTPServer { _ in .ok(Self.page) }
            defer { server.stop() }
            let config = try CommandLineTests.writeConfiguration(
                in: folder, server: server, paths: ["costbench/fal-ai": "/fal", "blocked/fal-ai": "/fal"])
            let snapshots = folder.appendingPathComponent("snapshots")
            try FileManager.default.createDirectory(at: snapshots, withIntermediateDirectories: true)
            try Data("not a folder".utf8).write(to: snapshots.appendingPathComponent("blocked"))
            let output = try await CommandRunner.run(["check", "--config", config, "--snapshots", snapshots.path])
            #expect(output.status == 2, "\(output.stderr)")
            #expect(output.stdout.contains("blocked/fal-ai: failed"), "\(output.stdout)")
            #expect(output.stdout.contains("Not a directory"), "\(output.stdout)")
            #expect(output.stdout.contains("Fal.ai (costbench/fal-ai): new baseline"), "\(output.stdout)")
        }
    }

    /// A corrupt `last-seen.json` used to abort the run with no report; now it is set aside and rebuilt, and
    /// every target's history stays.
    @Test func aCorruptLastSeenFileIsSetAsideAndTheRunGoesOn() async throws {
        try await withTemporaryFolder { folder in
            let served = Mutex(Self.page)
            let server = try LoopbackHTTPServer { _ in .ok(served.withLock { $0 }) }
            defer { server.stop() }
            let config = try CommandLineTests.writeConfiguration(
                in: folder, server: server, paths: ["costbench/fal-ai": "/fal"])
            let snapshots = folder.appendingPathComponent("snapshots").path
            #expect(try await CommandRunner.run(["check", "--config", config, "--snapshots", snapshots]).status == 0)
            let lastSeen = snapshots + "/last-seen.json"
            try Data("{\"costbench/fal-ai\": ".utf8).write(to: URL(fileURLWithPath: lastSeen))

            let unchanged = try await CommandRunner.run(["check", "--config", config, "--snapshots", snapshots])
            #expect(unchanged.status == 0, "\(unchanged.stderr)")
            #expect(unchanged.stdout.contains("1 targets: 0 changed, 0 new, 1 unchanged, 0 failed"))
            #expect(unchanged.stderr.contains("warning: last-seen.json was corrupt"), "\(unchanged.stderr)")
            #expect(unchanged.stderr.contains("moved to \(lastSeen).corrupt"), "\(unchanged.stderr)")
            #expect(FileManager.default.fileExists(atPath: lastSeen + ".corrupt"))
            let rebuilt = try JSONDecoder().decode(
                [String: String].self, from: Data(contentsOf: URL(fileURLWithPath: lastSeen)))
            #expect(rebuilt.keys.sorted() == ["costbench/fal-ai"])

            served.withLock { $0 = Self.page.replacingOccurrences(of: "$49/mo", with: "$45/mo") }
            let changed = try await CommandRunner.run(["check", "--config", config, "--snapshots", snapshots])
            #expect(changed.status == 0, "\(changed.stderr)")
            #expect(!changed.stderr.contains("warning"), "\(changed.stderr)")
            let history = try SnapshotStore(directory: URL(fileURLWithPath: snapshots)).history(for: "costbench/fal-ai")
            #expect(history.count == 2)
        }
    }
}
