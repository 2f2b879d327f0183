import Foundation
import PricewatchCore
import PricewatchPostgres
import PricewatchTestSupport
import Synchronization
import Testing

/// `pricewatch check` processes sharing one PostgreSQL database: leases, the shared alert queue, kill -9.
@Suite("pricewatch check runners sharing PostgreSQL")
struct PostgresRunnersTests {
    /// 200 loopback targets serving the Kling API fixture, whose price rises once `raised` is set; a Slack
    /// receiver; and the configuration that routes alerts to it.
    final class Fixture: Sendable {
        let ids = (0..<200).map { String(format: "costbench/vendor-%03d", $0) }
        let raised = Switch()
        let pages: LoopbackHTTPServer
        let slack: LoopbackHTTPServer
        let config: String

        init(folder: URL, handler: (@Sendable (RecordedRequest) -> Void)? = nil) throws {
            let original = try String(
                contentsOfFile: TestLocations.fixtures.path + "/costbench/kling-api.html", encoding: .utf8)
            let changed = original.replacingOccurrences(of: "$500/usage", with: "$600/usage")
            #expect(changed != original)
            let raised = self.raised
            pages = try LoopbackHTTPServer { request in
                handler?(request)
                return .ok(raised.isOn ? changed : original)
            }
            slack = try LoopbackHTTPServer { _ in .ok("ok") }
            let file = try CommandLineTests.writeConfiguration(
                in: folder, server: pages, paths: Dictionary(uniqueKeysWithValues: ids.map { ($0, "/\($0)") }))
            try (String(contentsOfFile: file, encoding: .utf8) + "notify:\n  slack: {webhook_env: SLACK_WEBHOOK_URL}\n")
                .write(toFile: file, atomically: true, encoding: .utf8)
            config = file
        }

        deinit {
            pages.stop()
            slack.stop()
        }

        /// The environment of a runner: the database from selectors.yml's `store.url_env` is not used here.
        func environment(_ database: PostgresTestServer) -> [String: String] {
            ["SLACK_WEBHOOK_URL": slack.url("/hook"), "PRICEWATCH_STORE": database.url()]
        }

        /// How many Slack messages held each target's header (`<url|vendor>* · `id``, in the blocks and the
        /// fallback text), by id.
        func alertsPerTarget() -> [String: Int] {
            let bodies = slack.requests.map { String(decoding: $0.body, as: UTF8.self) }
            return Dictionary(
                uniqueKeysWithValues: ids.map { id in
                    (id, bodies.reduce(0) { $0 + ($1.contains("· `\(id)`") ? 1 : 0) })
                })
        }
    }

    /// The ids of a `check --format json` report with their status.
    static func statuses(_ output: CommandRunner.Output) throws -> [String: String] {
        let report = try JSONDecoder().decode(Report.self, from: Data(output.stdout.utf8))
        return Dictionary(uniqueKeysWithValues: report.targets.map { ($0.id, $0.status.rawValue) })
    }

    /// Starts `count` runners at once and waits for all of them, off the concurrency pool.
    static func runners(_ count: Int, _ fixture: Fixture, _ database: PostgresTestServer, extra: [String] = [])
        async throws -> [CommandRunner.Output]
    {
        try await withThrowingTaskGroup(of: CommandRunner.Output.self) { group in
            for _ in 1...count {
                group.addTask {
                    try await CommandRunner.run(
                        ["check", "--config", fixture.config, "--format", "json"] + extra,
                        environment: fixture.environment(database))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    /// Every target's statuses across the runners' reports; a target in two reports was checked twice.
    static func merged(_ outputs: [CommandRunner.Output], password: String) throws -> [String: [String]] {
        var seen: [String: [String]] = [:]
        for output in outputs {
            #expect(output.status == 0, "\(output.stderr)")
            #expect(!output.stderr.contains(password))
            for (id, status) in try statuses(output) { seen[id, default: []].append(status) }
        }
        return seen
    }

    static func migrate(_ database: PostgresTestServer) async throws {
        let migrate = try await CommandRunner.run(
            ["store", "migrate"], environment: ["PRICEWATCH_STORE": database.url()])
        #expect(migrate.status == 0, "\(migrate.stderr)")
    }

    @Test(
        "four runners over 200 targets: each target checked once per round, each change stored and alerted once, an unchanged round seen"
    )
    func fourRunners() async throws {
        try await withPostgresServer { database in
            try await withTemporaryFolder { folder in
                let fixture = try Fixture(folder: folder)
                try await Self.migrate(database)

                let baseline = try Self.merged(await Self.runners(4, fixture, database), password: database.password)
                #expect(baseline.keys.sorted() == fixture.ids)
                #expect(baseline.values.allSatisfy { $0 == ["new"] }, "\(baseline.filter { $0.value != ["new"] })")
                #expect(fixture.slack.requests.isEmpty)

                fixture.raised.turnOn()
                let second = try Self.merged(await Self.runners(4, fixture, database), password: database.password)
                #expect(second.keys.sorted() == fixture.ids)
                #expect(second.values.allSatisfy { $0 == ["changed"] }, "\(second.filter { $0.value != ["changed"] })")
                let perPath = Dictionary(grouping: fixture.pages.requests, by: \.path).mapValues(\.count)
                #expect(perPath.count == 200 && perPath.values.allSatisfy { $0 == 2 })
                let alerts = fixture.alertsPerTarget()
                #expect(alerts.values.allSatisfy { $0 == 1 }, "\(alerts.filter { $0.value != 1 })")
                let deliveries = fixture.slack.requests.compactMap { request in
                    request.headers.first { $0.name.lowercased() == "x-pricewatch-delivery" }?.value
                }
                #expect(Set(deliveries).count == fixture.slack.requests.count)

                let store = try PostgresRecordStore(location: #require(PostgresLocation(database.url())))
                #expect(try store.targets() == fixture.ids)
                for id in fixture.ids {
                    #expect(try store.history(for: id).map(\.version) == [1, 2])
                }
                let connection = try PostgresConnection(#require(PostgresLocation(database.url())))
                let leftovers = try connection.query(
                    """
                    SELECT (SELECT count(*) FROM pricewatch.targets WHERE leased_by IS NOT NULL),
                        (SELECT count(*) FROM pricewatch.pending_changes),
                        (SELECT count(*) FROM pricewatch.outbox WHERE delivered_at IS NULL),
                        (SELECT count(*) FROM pricewatch.runs WHERE finished_at IS NOT NULL)
                    """)
                #expect(leftovers.values.first == ["0", "0", "0", "8"])

                // Nothing new: each target's sighting commits with its batch, and nothing is stored or sent. Every
                // version is first moved a day back with last_seen = first_seen, so a sighting shows however fast.
                try connection.query(
                    """
                    UPDATE pricewatch.record_versions
                    SET first_seen = first_seen - interval '1 day', last_seen = first_seen - interval '1 day'
                    """)
                let alertsBefore = fixture.slack.requests.count
                let third = try Self.merged(await Self.runners(4, fixture, database), password: database.password)
                #expect(third.keys.sorted() == fixture.ids)
                #expect(
                    third.values.allSatisfy { $0 == ["unchanged"] }, "\(third.filter { $0.value != ["unchanged"] })")
                #expect(fixture.slack.requests.count == alertsBefore)
                let seen = try connection.query(
                    """
                    SELECT count(*) FILTER (WHERE version = 2 AND last_seen > first_seen),
                        count(*) FILTER (WHERE version = 1 AND last_seen > first_seen), count(*)
                    FROM pricewatch.record_versions
                    """)
                #expect(seen.values.first == ["200", "0", "400"])
            }
        }
    }

    @Test(
        "a runner killed with kill -9 mid-run: the rerun takes its targets once the lease expires, nothing lost or alerted twice"
    )
    func killedRunner() async throws {
        try await withPostgresServer { database in
            try await withTemporaryFolder { folder in
                // Past 40 page requests of the changed round, answers wait for the gate: the runner is mid-run
                // when it is killed, with saves committed and fetches in flight.
                let gate = DispatchGroup()
                let gated = Switch()
                let fixture = try Fixture(folder: folder) { _ in
                    if gated.isOn { gate.wait() }
                }
                try await Self.migrate(database)
                let baseline = try Self.merged(await Self.runners(1, fixture, database), password: database.password)
                #expect(baseline.count == 200)

                fixture.raised.turnOn()
                let before = fixture.pages.requests.count
                gate.enter()
                let connection = try PostgresConnection(#require(PostgresLocation(database.url())))
                let victim = try CommandRunner.start(
                    ["check", "--config", fixture.config, "--format", "json", "--lease", "2"],
                    environment: fixture.environment(database))
                try await waitFor("the runner to store changes") {
                    if fixture.pages.requests.count - before >= 40 { gated.turnOn() }
                    let rows = try connection.query(
                        """
                        SELECT (SELECT count(*) FROM pricewatch.pending_changes),
                            (SELECT count(*) FROM pricewatch.targets WHERE leased_by IS NOT NULL)
                        """)
                    return gated.isOn && rows.integer(0, 0) ?? 0 >= 20 && rows.integer(0, 1) ?? 0 > 0
                }
                victim.send(SIGKILL)
                let killed = await victim.exit()
                #expect(killed.status == SIGKILL)
                #expect(killed.killedBySignal)
                let stranded =
                    try connection.query(
                        "SELECT count(*) FROM pricewatch.targets WHERE leased_by IS NOT NULL"
                    ).integer(0, 0) ?? 0
                #expect(stranded > 0)
                gated.turnOff()
                gate.leave()

                let rerun = try Self.merged(await Self.runners(1, fixture, database), password: database.password)
                let store = try PostgresRecordStore(location: #require(PostgresLocation(database.url())))
                for id in fixture.ids {
                    let history = try store.history(for: id)
                    #expect(history.map(\.version) == [1, 2], "\(id)")
                    #expect(history.last?.record.alternatives.first?.topPrice?.raw == "$600/usage")
                }
                // The rerun reports every target the killed runner had not finished, the ones it held included.
                #expect(rerun.count >= stranded)
                let alerts = fixture.alertsPerTarget()
                #expect(alerts.values.allSatisfy { $0 == 1 }, "\(alerts.filter { $0.value != 1 })")
                let left = try connection.query(
                    """
                    SELECT (SELECT count(*) FROM pricewatch.targets WHERE leased_by IS NOT NULL),
                        (SELECT count(*) FROM pricewatch.targets t, (SELECT max(id) AS id FROM pricewatch.rounds) r
                         WHERE coalesce(t.checked_round, 0) < r.id),
                        (SELECT count(*) FROM pricewatch.pending_changes)
                    """)
                #expect(left.values.first == ["0", "0", "0"])
            }
        }
    }

    @Test(
        "store: {url_env: ...} in selectors.yml selects the database for check, history and lint; unset, the run stops and names the variable"
    )
    func storeFromConfiguration() async throws {
        try await withPostgresServer { database in
            try await withTemporaryFolder { folder in
                let fixture = try Fixture(folder: folder)
                try await Self.migrate(database)
                try (String(contentsOfFile: fixture.config, encoding: .utf8) + "store: {url_env: TEAM_DATABASE}\n")
                    .write(toFile: fixture.config, atomically: true, encoding: .utf8)
                let arguments = [
                    "check", "--config", fixture.config, "--snapshots", folder.path + "/snapshots", "--no-notify",
                    "--target", fixture.ids[3],
                ]
                let unset = try await CommandRunner.run(arguments, environment: ["PRICEWATCH_STORE": ""])
                #expect(unset.status == 64)
                #expect(unset.stderr.contains("TEAM_DATABASE is not set"))
                #expect(fixture.pages.requests.isEmpty)

                let run = try await CommandRunner.run(
                    arguments, environment: ["PRICEWATCH_STORE": "", "TEAM_DATABASE": database.keyValueString()])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(!FileManager.default.fileExists(atPath: folder.path + "/snapshots/costbench"))
                let history = try await CommandRunner.run(
                    ["history", fixture.ids[3], "--config", fixture.config, "--format", "json"],
                    environment: ["PRICEWATCH_STORE": "", "TEAM_DATABASE": database.url()])
                #expect(history.status == 0, "\(history.stderr)")
                #expect(history.stdout.contains("$500/usage"))
                // lint reads the stored page from the database too.
                let lint = try await CommandRunner.run(
                    ["lint", "--config", fixture.config, "--target", fixture.ids[3]],
                    environment: ["PRICEWATCH_STORE": "", "TEAM_DATABASE": database.url()])
                #expect(!lint.stdout.contains("no stored page"), "\(lint.stdout)\(lint.stderr)")
                #expect(lint.stdout.contains("1 target"), "\(lint.stdout)\(lint.stderr)")
            }
        }
    }

    @Test("check against a database that was never migrated says to run store migrate, password masked")
    func needsMigration() async throws {
        try await withPostgresServer { database in
            try await withTemporaryFolder { folder in
                let fixture = try Fixture(folder: folder)
                let output = try await CommandRunner.run(
                    ["check", "--config", fixture.config],
                    environment: ["PRICEWATCH_STORE": database.keyValueString()])
                #expect(output.status == 2)
                #expect(output.stderr.contains("pricewatch store migrate"))
                #expect(output.stderr.contains("password=***"))
                #expect(!output.stderr.contains(database.password))
                #expect(fixture.pages.requests.isEmpty)
            }
        }
    }
}

/// A flag shared with a loopback server's handler threads.
final class Switch: Sendable {
    private let state = Mutex(false)
    var isOn: Bool { state.withLock { $0 } }
    func turnOn() { state.withLock { $0 = true } }
    func turnOff() { state.withLock { $0 = false } }
}
