import Foundation
import PricewatchCore
import PricewatchTestSupport
import Synchronization
import Testing

/// Alerts survive an interrupted or killed `pricewatch check`: a child process is stopped with SIGTERM, SIGINT
/// or SIGKILL at random points of a run with changes (while pages arrive, or while an alert is being sent),
/// then a second run or `pricewatch notify` completes the work. Across both, every stored change reaches the
/// loopback Slack receiver exactly once.
@Suite struct InterruptedRunTests {
    static let targets = ["vendors/a", "vendors/b", "vendors/c", "vendors/d"]
    static let hookPath = "/hook"

    /// The Startup monthly price a target's page shows in an iteration; unique across the test.
    static func price(iteration: Int, target: Int) -> Int { 10 + iteration * targets.count + target }

    /// Pages and the Slack receiver, each held back by a gate the test opens, so signals land where chosen.
    final class Servers: Sendable {
        let page = try! String(contentsOfFile: CommandLineTests.fixtures + "/costbench/fal-ai.html", encoding: .utf8)
        let iteration = Shared(-1)
        let pageGate = Gate()
        let hookGate = Gate()
        let pagesServed = Shared(0)
        let plan: SignalPlan
        let pages: LoopbackHTTPServer
        let slack: LoopbackHTTPServer

        init() throws {
            let pageGate = self.pageGate
            let hookGate = self.hookGate
            let served = self.pagesServed
            let iteration = self.iteration
            let page = self.page
            let plan = SignalPlan(gates: [pageGate, hookGate])
            self.plan = plan
            pages = try LoopbackHTTPServer { request in
                plan.fireIfDue(pagesServed: served.value)
                pageGate.pass()
                let target = Int(request.path.dropFirst()) ?? 0
                let current = iteration.value
                let price =
                    current < 0 ? "$49/mo" : "$\(InterruptedRunTests.price(iteration: current, target: target))/mo"
                defer {
                    served.update { $0 += 1 }
                    plan.fireIfDue(pagesServed: served.value)
                }
                return .ok(page.replacingOccurrences(of: "$49/mo", with: price))
            }
            slack = try LoopbackHTTPServer { _ in
                plan.fireIfDue(alert: true)
                hookGate.pass()
                return .ok("ok")
            }
        }

        func stop() {
            pageGate.open()
            hookGate.open()
            pages.stop()
            slack.stop()
        }
    }

    /// The signal an iteration sends its run, sent by a server's handler thread the moment it is due (once
    /// `afterPages` pages were served, or when the alert arrives), then every gate opens. A test task polling
    /// for the moment could queue behind hundreds of others on a loaded machine while the held fetch timed out.
    final class SignalPlan: Sendable {
        private let state = Mutex<(signal: Int32, afterPages: Int?)?>(nil)
        private let child = Mutex<TestProcess?>(nil)
        private let gates: [Gate]

        init(gates: [Gate]) { self.gates = gates }

        /// Arms the plan for the next run; call before starting it, then ``aim(at:)``.
        func arm(_ signal: Int32, afterPages: Int?) {
            child.withLock { $0 = nil }
            state.withLock { $0 = (signal, afterPages) }
        }

        /// The run the signal goes to.
        func aim(at process: TestProcess) { child.withLock { $0 = process } }

        func fireIfDue(pagesServed: Int = 0, alert: Bool = false) {
            let signal = state.withLock { state -> Int32? in
                guard let armed = state else { return nil }
                let due = armed.afterPages.map { !alert && pagesServed >= $0 } ?? alert
                if due { state = nil }
                return due ? armed.signal : nil
            }
            guard let signal else { return }
            // The test aims right after starting the run, long before the run's first request could come.
            var process = child.withLock { $0 }
            while process == nil {
                usleep(1_000)
                process = child.withLock { $0 }
            }
            process?.send(signal)
            for gate in gates { gate.open() }
        }
    }

    /// A value shared with the servers' handler threads.
    final class Shared<Value: Sendable>: Sendable {
        private let state: Mutex<Value>
        init(_ value: Value) { state = Mutex(value) }
        var value: Value { state.withLock { $0 } }
        func update(_ change: (inout Value) -> Void) { state.withLock { change(&$0) } }
    }

    /// A gate requests wait at: closed, opened for a number of passes, or open.
    final class Gate: Sendable {
        private let state = Mutex((open: true, passes: 0))
        private let condition = DispatchSemaphore(value: 0)

        func close() { state.withLock { $0 = (false, 0) } }
        func open() {
            state.withLock { $0.open = true }
            for _ in 0..<64 { condition.signal() }
        }
        func allow(_ count: Int) {
            state.withLock { $0.passes += count }
            for _ in 0..<count { condition.signal() }
        }
        func pass() {
            let deadline = Date().addingTimeInterval(600)  // A safety net; the test opens the gate.
            while Date() < deadline {
                let passed = state.withLock { state -> Bool in
                    if state.open { return true }
                    guard state.passes > 0 else { return false }
                    state.passes -= 1
                    return true
                }
                if passed { return }
                _ = condition.wait(timeout: .now() + .milliseconds(50))
            }
        }
    }

    @Test func everyStoredChangeIsAlertedExactlyOnceAcrossInterruptedAndKilledRuns() async throws {
        try await withTemporaryFolder { folder in
            let servers = try Servers()
            defer { servers.stop() }
            let config = try writeConfiguration(in: folder, servers: servers)
            let snapshots = folder.appendingPathComponent("snapshots").path
            let environment = ["TEST_SLACK_HOOK": servers.slack.url(Self.hookPath)]
            let check = ["check", "--config", config, "--snapshots", snapshots]
            let baseline = try await CommandRunner.run(check, environment: environment)
            #expect(baseline.status == 0, "\(baseline.stderr)")

            let seed = UInt64(Date().timeIntervalSince1970 * 1000)
            var random = SplitMix64(seed: seed)
            let signals: [Int32] = [SIGTERM, SIGINT, SIGKILL]
            var delivered = 0
            for iteration in 0..<6 {
                let signal = signals[iteration % 3]
                let duringDelivery = iteration % 2 == 1
                let pagesFirst = Int(random.next() % UInt64(Self.targets.count + 1))
                let context =
                    "seed \(seed), iteration \(iteration), signal \(signal), "
                    + (duringDelivery ? "during delivery" : "after \(pagesFirst) pages")
                servers.iteration.update { $0 = iteration }
                servers.pagesServed.update { $0 = 0 }
                if duringDelivery { servers.hookGate.close() } else { servers.pageGate.close() }

                servers.plan.arm(signal, afterPages: duringDelivery ? nil : pagesFirst)
                if !duringDelivery { servers.pageGate.allow(pagesFirst) }
                let process = try CommandRunner.start(check, environment: environment)
                servers.plan.aim(at: process)
                let output = await process.exit()
                let failure = "\(context): \(output.stdout)\(output.stderr)"
                if signal == SIGKILL {
                    #expect(output.killedBySignal || output.status == 0, "\(failure)")
                } else {
                    // The run may have finished before the signal arrived while pages were still being stored.
                    #expect([0, 128 + signal].contains(output.status), "\(failure)")
                    #expect(!output.killedBySignal, "\(failure)")
                }

                // The next run, or `pricewatch notify`, sends what the interrupted one left.
                let completion =
                    iteration % 3 == 2
                    ? try await CommandRunner.run(
                        ["notify", "--config", config, "--snapshots", snapshots], environment: environment)
                    : try await CommandRunner.run(check, environment: environment)
                #expect(completion.status == 0, "\(context): \(completion.stdout)\(completion.stderr)")
                delivered = try verifyDeliveries(servers: servers, snapshots: snapshots, context: context)
            }
            // Four of the six completions are full runs, each storing every target's change of its iteration.
            #expect(delivered >= 16, "seed \(seed)")
        }
    }

    /// The first SIGTERM lets the alert under way finish; a second one quits at once, even while it waits.
    @Test func aSecondSignalQuitsAtOnce() async throws {
        try await withTemporaryFolder { folder in
            let servers = try Servers()
            defer { servers.stop() }
            let config = try writeConfiguration(in: folder, servers: servers)
            let snapshots = folder.appendingPathComponent("snapshots").path
            let environment = ["TEST_SLACK_HOOK": servers.slack.url(Self.hookPath)]
            let check = ["check", "--config", config, "--snapshots", snapshots]
            #expect(try await CommandRunner.run(check, environment: environment).status == 0)
            servers.iteration.update { $0 = 0 }
            servers.hookGate.close()
            let process = try CommandRunner.start(check, environment: environment)
            try await waitUntil("the alert", or: process) { !servers.slack.requests.isEmpty }
            process.send(SIGTERM)
            _ = await process.waitFor("a second signal quits at once", on: .stderr)
            process.send(SIGTERM)
            let output = await process.exit()
            #expect(!output.killedBySignal)
            #expect(output.status == 143, "\(output.stderr)")
            // The gate never opened: the alert is still queued and goes out with the next delivery.
            servers.hookGate.open()
            let notify = try await CommandRunner.run(
                ["notify", "--config", config, "--snapshots", snapshots], environment: environment)
            #expect(notify.status == 0, "\(notify.stderr)")
            #expect(notify.stdout.contains("1 delivered, 0 still queued"), "\(notify.stdout)")
        }
    }

    /// Every change the snapshots hold was alerted once, and nothing else: deliveries repeated after a kill
    /// (between the receiver's answer and the outbox update) carry the same delivery id and body.
    /// Returns how many changes were delivered so far.
    func verifyDeliveries(servers: Servers, snapshots: String, context: String) throws -> Int {
        var bodies: [String: String] = [:]
        for request in servers.slack.requests(for: Self.hookPath) {
            let id = try #require(request.header("X-Pricewatch-Delivery"), "\(context)")
            let body = String(decoding: request.body, as: UTF8.self)
            if let earlier = bodies[id] {
                #expect(earlier == body, "\(context): delivery \(id) was sent again with another body")
            }
            bodies[id] = body
        }
        var delivered: [Int] = []
        for body in bodies.values {
            let message = try #require(
                try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(context)")
            let text = try #require(message["text"] as? String, "\(context)")
            for line in text.split(separator: "\n") where line.contains("Startup monthly:") {
                let new = try #require(line.split(separator: "→ $").last?.split(separator: "/").first)
                delivered.append(try #require(Int(new), "\(context): \(line)"))
            }
        }
        let store = SnapshotStore(directory: URL(fileURLWithPath: snapshots))
        var stored: [Int] = []
        for target in Self.targets {
            for entry in try store.history(for: target).dropFirst() {
                let raw = try #require(entry.record.plans.first { $0.name == "Startup" }?.prices["monthly"]?.raw)
                stored.append(try #require(Int(raw.dropFirst().prefix { $0.isNumber }), "\(context): \(raw)"))
            }
        }
        #expect(delivered.sorted() == stored.sorted(), "\(context): delivered vs stored")
        #expect(Set(delivered).count == delivered.count, "\(context): a change was delivered twice")
        return delivered.count
    }

    func writeConfiguration(in folder: URL, servers: Servers) throws -> String {
        var paths: [String: String] = [:]
        for (index, target) in Self.targets.enumerated() { paths[target] = "/\(index)" }
        let path = try CommandLineTests.writeConfiguration(in: folder, server: servers.pages, paths: paths)
        let notify = "notify:\n  slack:\n    webhook_env: TEST_SLACK_HOOK\n"
        try (try String(contentsOfFile: path, encoding: .utf8) + notify).write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
