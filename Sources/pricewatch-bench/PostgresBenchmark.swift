import Foundation
import PricewatchCore
import PricewatchPostgres
import PricewatchTestSupport
import Synchronization

/// `PRICEWATCH_BENCH_ONLY=postgres`: the release `check` over 1,000 and 10,000 generated pages, three rounds,
/// against a snapshot folder and against PostgreSQL in the same run; then four runners sharing the database
/// over 10,000 pages, with the targets checked twice counted (must be 0).
///
/// The server is the tests' `PostgresTestServer` with PostgreSQL's default durability (`fsync` and
/// `synchronous_commit` on, as docs/postgres.md recommends; `save_version` turns `synchronous_commit` off for
/// its own transaction), Unix socket, in the temporary directory. The peak RSS is the `check` process's own; the server's memory is not in it.
func runPostgresBenchmark() throws -> [Figure] {
    let binary = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("pricewatch").path
    guard let binary, FileManager.default.isExecutableFile(atPath: binary) else {
        print("postgres: skipped — no pricewatch binary beside pricewatch-bench; build it with `make bench`")
        return []
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-bench-pg-\(getpid())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let server = try PostgresTestServer.start(durable: true)
    defer { server.stop() }
    let bench = PostgresBench(binary: binary, work: work, server: server)
    let counts = (ProcessInfo.processInfo.environment["PRICEWATCH_BENCH_PG_TARGETS"] ?? "1000,10000")
        .split(separator: ",").compactMap { Int($0) }
    var figures: [Figure] = []
    for count in counts {
        print("postgres: generating \(count) pages")
        let generator = try PageGenerator(count: count)
        let site = try GeneratedSite(pages: generator.pages(round: 1))
        defer { site.server.stop() }
        let config = work.appendingPathComponent("selectors-\(count).yml")
        try benchConfig(urls: site.urls).write(to: config, atomically: true, encoding: .utf8)
        // Each round runs on both stores back to back, so that the machine's drift hits both alike.
        let stores = try ["files", "postgres"].map { ($0, try bench.freshStore($0, name: "\($0)_\(count)")) }
        for round in 1...3 {
            site.serve(generator.pages(round: round))
            for (store, location) in stores {
                let runs = try bench.check(
                    runners: 1, config: config.path, store: location, label: "\(store)-\(count)-\(round)")
                let figure = Figure(
                    "check \(count) targets, \(store), round \(round)", seconds: runs.seconds, pages: count,
                    peakKilobytes: runs.peakKilobytes, note: runs.note)
                print("  " + figure.line)
                figures.append(figure)
            }
        }
        guard count == counts.last else { continue }
        // Four runners sharing one database, over the same three rounds.
        let location = try bench.freshStore("postgres", name: "four_\(count)")
        for round in 1...3 {
            site.serve(generator.pages(round: round))
            let runs = try bench.check(runners: 4, config: config.path, store: location, label: "4x\(count)-\(round)")
            let duplicates = runs.checked - Set(runs.ids).count
            let missing = count - Set(runs.ids).count
            let figure = Figure(
                "check \(count) targets, postgres, 4 runners, round \(round)", seconds: runs.seconds, pages: count,
                peakKilobytes: runs.peakKilobytes,
                note: "duplicates \(duplicates), missing \(missing); highest RSS of the four; " + runs.note)
            print("  " + figure.line)
            figures.append(figure)
        }
    }
    return figures
}

/// Runs `check` processes against fresh stores for ``runPostgresBenchmark()``.
private struct PostgresBench {
    let binary: String
    let work: URL
    let server: PostgresTestServer

    /// What the runners of one round did together.
    struct Round {
        var seconds: Double
        var peakKilobytes: Int?
        var checked: Int
        var ids: [String]
        var note: String
    }

    /// A new empty snapshot folder, or a new migrated database; returns its location, for `PRICEWATCH_STORE`.
    func freshStore(_ kind: String, name: String) throws -> String {
        guard kind == "postgres" else { return work.appendingPathComponent(name).path }
        let admin = try PostgresConnection(try location(server.url()))
        // An identifier cannot be a parameter; the names are made here, from letters, digits and underscores.
        try admin.query("CREATE DATABASE bench_\(name)")
        let url = server.url(database: "bench_\(name)")
        // The URL holds the password: it goes in the environment, never in a command line.
        let migrate = try runChild([binary, "store", "migrate"], environment: ["PRICEWATCH_STORE": url])
        guard migrate.exitStatus == 0 else { throw BenchmarkError(message: "store migrate failed for \(name)") }
        return url
    }

    private func location(_ text: String) throws -> PostgresLocation {
        guard let location = PostgresLocation(text) else { throw BenchmarkError(message: "bad location \(text)") }
        return location
    }

    /// Starts `runners` `check` processes at once (each on a thread of its own) and waits for all of them.
    func check(runners: Int, config: String, store: String, label: String) throws -> Round {
        let results = Mutex<[Result<(ChildRun, Report), any Error>]>([])
        let group = DispatchGroup()
        let serverBefore = PostgresLocation(store) == nil ? nil : server.cpuSeconds()
        let started = ContinuousClock.now
        for runner in 1...runners {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let output = work.appendingPathComponent("report-\(label)-\(runner).json").path
                let errors = work.appendingPathComponent("stderr-\(label)-\(runner).txt").path
                let result = Result {
                    let run = try runChild(
                        [binary, "check", "--config", config, "--format", "json", "--no-notify"],
                        environment: ["PRICEWATCH_STORE": store], stdout: output, stderr: errors)
                    guard [0, 1, 2].contains(run.exitStatus) else {
                        let text = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
                        throw BenchmarkError(message: "check exited with \(run.exitStatus): \(text.prefix(500))")
                    }
                    let data = try Data(contentsOf: URL(fileURLWithPath: output))
                    return (run, try PricewatchJSON.decoder().decode(Report.self, from: data))
                }
                results.withLock { $0.append(result) }
            }
        }
        group.wait()
        let elapsed = ContinuousClock.now - started
        let runs = try results.withLock { $0 }.map { try $0.get() }
        let ids = runs.flatMap { $0.1.targets.map(\.id) }
        var statuses: [Report.Status: Int] = [:]
        for target in runs.flatMap(\.1.targets) { statuses[target.status, default: 0] += 1 }
        let summary = [Report.Status.new, .unchanged, .changed, .failed].compactMap { status in
            statuses[status].map { "\($0) \(status.rawValue)" }
        }.joined(separator: ", ")
        let cpu = runs.map(\.0.cpuSeconds).reduce(0, +)
        // The server's CPU beside the runners': on two cores, their sum against twice the wall time says
        // whether the runners wait for something or the machine is simply full.
        let serverCPU = serverBefore.flatMap { before in server.cpuSeconds().map { $0 - before } }
        let serverNote = serverCPU.map { String(format: "server cpu %.1f s; ", $0) } ?? ""
        return Round(
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            peakKilobytes: runs.map(\.0.peakKilobytes).max(), checked: ids.count, ids: ids,
            note: runs[0].0.peakCaveat + String(format: "cpu %.1f s; ", cpu) + serverNote + summary)
    }
}
