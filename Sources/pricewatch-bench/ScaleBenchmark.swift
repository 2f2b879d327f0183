import Foundation
import PricewatchCore
import Synchronization

/// How many distinct page bodies the scaled benchmarks serve: target `i` gets body `i % scaleBodies`, so
/// 100,000 targets cost the memory of a few hundred pages in the benchmark and the same parse work per page
/// as distinct bodies would.
let scaleBodies = 500

/// Debian's Python, which `python3-lxml` (installed by `make bench`) belongs to: a `python3` found first on
/// `PATH` (pyenv, a virtualenv) may not have lxml.
let naivePython = "/usr/bin/python3"

/// The release `pricewatch` binary beside this benchmark, or nil (after saying why) when it is missing.
func pricewatchBinary() -> String? {
    let binary = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("pricewatch").path
    guard let binary, FileManager.default.isExecutableFile(atPath: binary) else {
        print("check: skipped — no pricewatch binary beside pricewatch-bench; build it with `make bench`")
        return nil
    }
    return binary
}

/// Every round of `check` against the naive curl + lxml script (`bench/naive-check.py`) over the same
/// loopback site, at each size in `sizes`: round 1 (every target new), 2 (a tenth of the bodies with a
/// changed monthly price) and 3 (nothing new), each tool in turn, with `sync` before every timed run so
/// neither pays for the other's writeback. One untimed 1,000-target round of each warms the caches first.
func runNaiveComparison(sizes: [Int]) throws -> [Figure] {
    guard let binary = pricewatchBinary() else { return [] }
    let script = try repoFile("bench/naive-check.py").path
    guard runQuietly([naivePython, "-c", "import lxml"]) else {
        print("naive: skipped — python3-lxml is missing (`make bench` installs it)")
        return []
    }
    let generator = try PageGenerator(count: scaleBodies)
    let work = try scratchFolder("naive")
    defer { try? FileManager.default.removeItem(at: work) }
    print("\ncheck against the naive curl + lxml script, warm caches (\(scaleBodies) page bodies)")
    var figures: [Figure] = []
    for (size, warmUp) in [(sizes[0], true)] + sizes.map({ ($0, false) }) {
        let site = try GeneratedSite(pages: generator.pages(round: 1), targets: size)
        defer { site.server.stop() }
        let run = ScaledRun(binary: binary, site: site, generator: generator, work: work, name: "\(size)-\(warmUp)")
        let urls = work.appendingPathComponent("urls-\(size).txt")
        try (site.urls.joined(separator: "\n") + "\n").write(to: urls, atomically: true, encoding: .utf8)
        let naiveWork = work.appendingPathComponent("naive-\(size)-\(warmUp)")
        try FileManager.default.createDirectory(at: naiveWork, withIntermediateDirectories: true)
        for round in warmUp ? [1] : [1, 2, 3] {
            var check = try run.round(round)
            _ = runQuietly(["sync"])
            let naive = try runChild(
                [naivePython, script, urls.path, naiveWork.path], stdout: work.appendingPathComponent("naive.txt").path)
            let naiveSummary =
                (try? String(contentsOf: work.appendingPathComponent("naive.txt"), encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            if warmUp {
                print(
                    "  warm-up at \(size): check \(String(format: "%.2f", check.seconds)) s, naive "
                        + String(format: "%.2f", naive.seconds) + " s")
                continue
            }
            check.note = String(format: "%.2fx naive; ", check.seconds / naive.seconds) + check.note
            let naiveFigure = Figure(
                "naive curl + lxml \(size.formatted()): round \(round)", seconds: naive.seconds, pages: size,
                peakKilobytes: naive.peakKilobytes,
                note: String(format: "cpu %.1f s (python only; curl's RSS not counted); ", naive.cpuSeconds)
                    + naiveSummary)
            print("  " + check.line)
            print("  " + naiveFigure.line)
            figures += [check, naiveFigure]
        }
    }
    return figures
}

/// The soak (`PRICEWATCH_BENCH_ONLY=soak`): `PRICEWATCH_BENCH_SOAK_TARGETS` targets (default 100,000), three
/// rounds of `check` from empty snapshots (`PRICEWATCH_BENCH_SOAK_ROUNDS=4` or `5` adds one or two more
/// "nothing new" rounds, which equal the third when nothing accumulates): wall time, pages/s, the child's peak
/// RSS per round and the changes found against the generator's exact count.
func runSoakBenchmark() throws -> [Figure] {
    guard let binary = pricewatchBinary() else { return [] }
    let environment = ProcessInfo.processInfo.environment
    let size = Int(environment["PRICEWATCH_BENCH_SOAK_TARGETS"] ?? "") ?? 100_000
    let rounds = min(5, max(1, Int(environment["PRICEWATCH_BENCH_SOAK_ROUNDS"] ?? "") ?? 3))
    let generator = try PageGenerator(count: scaleBodies)
    let work = try scratchFolder("soak")
    defer { try? FileManager.default.removeItem(at: work) }
    let site = try GeneratedSite(pages: generator.pages(round: 1), targets: size)
    defer { site.server.stop() }
    print("\nsoak: \(size.formatted()) targets over \(scaleBodies) page bodies, \(rounds) rounds of check")
    let run = ScaledRun(binary: binary, site: site, generator: generator, work: work, name: "soak")
    return try (1...rounds).map { round in
        let figure = try run.round(round)
        print("  " + figure.line)
        return figure
    }
}

/// `check` rounds over one scaled site into one snapshot folder, each checked against the generator's truth.
struct ScaledRun {
    let binary: String
    let site: GeneratedSite
    let generator: PageGenerator
    let work: URL
    let name: String

    private static let labels = [1: "every target new", 2: "a tenth changed", 3: "nothing new"]

    /// Serves round `round`'s pages, runs `check --format json` (after a `sync`) and reads its report.
    func round(_ round: Int) throws -> Figure {
        site.serve(generator.pages(round: round))
        let config = work.appendingPathComponent("selectors-\(name).yml")
        if round == 1 { try benchConfig(urls: site.urls).write(to: config, atomically: true, encoding: .utf8) }
        let snapshots = work.appendingPathComponent("snapshots-\(name)").path
        let reportPath = work.appendingPathComponent("report-\(name).json").path
        let errorPath = work.appendingPathComponent("stderr-\(name).txt").path
        _ = runQuietly(["sync"])
        let command = [binary, "check", "--config", config.path, "--snapshots", snapshots, "--format", "json"]
        let child = try runChild(
            profilerPrefix(round: round) + command + ["--no-notify"], stdout: reportPath, stderr: errorPath)
        guard [0, 1, 2].contains(child.exitStatus) else {
            let stderrText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw BenchmarkError(message: "pricewatch check exited with \(child.exitStatus): \(stderrText.prefix(500))")
        }
        let report = try readReport(reportPath, stderr: errorPath)
        let size = site.urls.count
        return Figure(
            "check \(size.formatted()): round \(round), \(Self.labels[round] ?? "nothing new again")",
            seconds: child.seconds,
            pages: size, peakKilobytes: child.peakKilobytes,
            note: child.peakCaveat + String(format: "cpu %.1f s; ", child.cpuSeconds)
                + changeCount(in: report, round: round))
    }

    /// Statuses, and the `price_changed` changes found against the exact set the generator changed (target
    /// `i` changes when its body `i % scaleBodies` does).
    private func changeCount(in report: Report, round: Int) -> String {
        var statuses: [Report.Status: Int] = [:]
        for target in report.targets { statuses[target.status, default: 0] += 1 }
        let changedPlanByBody = Dictionary(
            uniqueKeysWithValues: generator.truth.map { ($0.targetID, $0.plan.lowercased()) })
        var expected = Set<String>()
        if round == 2 {
            for index in site.urls.indices {
                if let plan = changedPlanByBody[PageGenerator.targetID(index % scaleBodies)] {
                    expected.insert("\(PageGenerator.targetID(index))|\(plan)")
                }
            }
        }
        let changes = report.targets.flatMap(\.changes)
        let found = Set(
            changes.filter { $0.kind == .priceChanged }.map { "\($0.target)|\(($0.plan ?? "").lowercased())" })
        let summary = [Report.Status.new, .unchanged, .changed, .failed].compactMap { status in
            statuses[status].map { "\($0) \(status.rawValue)" }
        }.joined(separator: ", ")
        return "\(summary); price_changed \(found.count) of \(expected.count) expected "
            + "(\(expected.subtracting(found).count) missed, \(found.subtracting(expected).count) extra); "
            + "other changes \(changes.filter { $0.kind != .priceChanged }.count)"
    }
}

/// A fresh folder under the temporary directory for one benchmark's files.
func scratchFolder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-bench-\(name)-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Scratch folders deleted when the benchmark ends (see ``runCheckBenchmark(site:generator:parse:curl:)``).
final class LaterRemovals: Sendable {
    private let folders = Mutex<[URL]>([])

    func add(_ folder: URL) { folders.withLock { $0.append(folder) } }

    func removeAll() {
        for folder in folders.withLock({ $0 }) { try? FileManager.default.removeItem(at: folder) }
    }
}

let laterRemovals = LaterRemovals()

/// Runs a command with its output discarded; whether it exited with 0.
func runQuietly(_ arguments: [String]) -> Bool {
    (try? runChild(arguments))?.exitStatus == 0
}
