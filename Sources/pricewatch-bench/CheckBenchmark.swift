import Foundation
import PricewatchCore
import PricewatchTestSupport
import Synchronization

/// Serves the generated pages on loopback; `serve(_:)` swaps in another round's pages between runs. With more
/// targets than pages, URL `i` serves page `i % pages.count`: a few hundred bodies stand for 100,000 targets.
final class GeneratedSite: Sendable {
    /// The pages being served, shared with the server's connection threads.
    private final class Shelf: Sendable {
        let pages: Mutex<[[UInt8]]>
        init(_ pages: [[UInt8]]) { self.pages = Mutex(pages) }
    }

    let server: LoopbackHTTPServer
    private let shelf: Shelf
    /// The URL of every page, indexed like the targets.
    let urls: [String]

    init(pages: [[UInt8]], targets: Int? = nil) throws {
        let shelf = Shelf(pages)
        let count = targets ?? pages.count
        let indexByPath = Dictionary(
            uniqueKeysWithValues: (0..<count).map { (PageGenerator.path($0), $0 % pages.count) })
        self.shelf = shelf
        server = try LoopbackHTTPServer { request in
            guard let index = indexByPath[request.path] else { return .status(404) }
            let body = shelf.pages.withLock { $0[index] }
            let type = ("Content-Type", "text/html; charset=utf-8")
            return LoopbackResponse(status: 200, headers: [type], body: .bytes(body))
        }
        urls = (0..<count).map { [server] in server.url(PageGenerator.path($0)) }
    }

    /// Serves `pages` from now on (same count and order as at the start).
    func serve(_ newPages: [[UInt8]]) { shelf.pages.withLock { $0 = newPages } }
}

/// Runs the `pricewatch` release binary's `check` three times over the generated site: baseline, the round
/// with changed prices, and a round with nothing new; measures each run's wall time and the child's own
/// peak RSS, and compares the `price_changed` changes in its JSON report with the generator's truth.
///
/// Returns no figures, after printing why, when the binary is missing or has no `check` subcommand yet.
func runCheckBenchmark(
    site: GeneratedSite, generator: PageGenerator, parse: Figure, curl: Figure
) throws -> [Figure] {
    let binary = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("pricewatch").path
    guard let binary, FileManager.default.isExecutableFile(atPath: binary) else {
        print("check: skipped — no pricewatch binary beside pricewatch-bench; build it with `make bench`")
        return []
    }
    let work = try scratchFolder("check")
    // Deleted when the whole benchmark ends, not here: for about a minute after ~15,000 files are deleted, ext4
    // scans past their inodes for every file created, and the naive comparison that follows would time that
    // (it cost the first round, which creates three times the naive script's files, 30% of its CPU).
    laterRemovals.add(work)

    let help = work.appendingPathComponent("check-help.txt").path
    _ = try runChild([binary, "check", "--help"], stdout: help, stderr: help)
    guard (try? String(contentsOfFile: help, encoding: .utf8))?.contains("--snapshots") == true else {
        print("check: skipped — \(binary) has no `check --snapshots` subcommand yet (figures appear once it does)")
        return []
    }
    let config = work.appendingPathComponent("selectors.yml")
    try benchConfig(urls: site.urls).write(to: config, atomically: true, encoding: .utf8)

    // One sequence is noisy on a shared two-core machine: the three rounds run `sequences` times, each from
    // empty snapshots, and the table keeps each round's median run (wall time and CPU) with the highest RSS.
    let sequences = max(1, Int(ProcessInfo.processInfo.environment["PRICEWATCH_BENCH_SEQUENCES"] ?? "") ?? 3)
    print(
        "check: \(generator.count) generated pages, \(generator.truth.count) with a changed monthly price in round 2;"
            + " \(sequences) sequences of 3 rounds")
    var runs: [[Figure]] = Array(repeating: [], count: 3)
    for sequence in 1...sequences {
        let snapshots = work.appendingPathComponent("snapshots-\(sequence)").path
        for (round, label) in [(1, "baseline"), (2, "changed prices"), (3, "nothing new")] {
            var figure = try runCheckRound(
                round, label: label, binary: binary, config: config.path, snapshots: snapshots, work: work,
                site: site, generator: generator)
            if round == 2 {
                figure.note += String(
                    format: "; %.1fx raw parse, %.1fx curl", figure.seconds / parse.seconds,
                    figure.seconds / curl.seconds)
            }
            print("  " + figure.line)
            runs[round - 1].append(figure)
        }
    }
    return runs.map { round in
        let middle = round.sorted { $0.seconds < $1.seconds }[round.count / 2]
        let spread = round.map(\.seconds)
        guard spread.count > 1, let fastest = spread.min(), let slowest = spread.max() else { return middle }
        // Memory is judged by the worst run, not the median one.
        return Figure(
            middle.label, seconds: middle.seconds, pages: middle.pages,
            peakKilobytes: round.compactMap(\.peakKilobytes).max(),
            note: String(format: "median of %d (%.3f–%.3f s), highest RSS; ", spread.count, fastest, slowest)
                + middle.note)
    }
}

/// Runs one round of `check` over the site serving that round's pages, and checks its report.
func runCheckRound(
    _ round: Int, label: String, binary: String, config: String, snapshots: String, work: URL, site: GeneratedSite,
    generator: PageGenerator
) throws -> Figure {
    site.serve(generator.pages(round: round))
    let reportPath = work.appendingPathComponent("report-\(round).json").path
    let errorPath = work.appendingPathComponent("stderr-\(round).txt").path
    let command = [binary, "check", "--config", config, "--snapshots", snapshots, "--format", "json"]
    let run = try runChild(
        profilerPrefix(round: round) + command + ["--no-notify"], stdout: reportPath, stderr: errorPath)
    let stderrText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    // 0: fine, 1: changes found, 2: some targets failed — all still print a report.
    guard [0, 1, 2].contains(run.exitStatus) else {
        throw BenchmarkError(message: "pricewatch check exited with \(run.exitStatus): \(stderrText.prefix(500))")
    }
    let report = try readReport(reportPath, stderr: errorPath)
    var figure = Figure(
        "check round \(round): \(label)", seconds: run.seconds, pages: generator.count,
        peakKilobytes: run.peakKilobytes,
        note: run.peakCaveat + String(format: "cpu %.1f s; ", run.cpuSeconds)
            + accuracy(of: report, round: round, truth: generator.truth))
    figure.cpuSeconds = run.cpuSeconds
    return figure
}

/// `PRICEWATCH_BENCH_WRAP="perf record -g -o /tmp/perf.data"` runs round `PRICEWATCH_BENCH_ROUND` (default 2)
/// under that command, for profiling by hand; its figures then include the profiler's cost.
func profilerPrefix(round: Int) -> [String] {
    let environment = ProcessInfo.processInfo.environment
    guard let wrap = environment["PRICEWATCH_BENCH_WRAP"], !wrap.isEmpty,
        round == Int(environment["PRICEWATCH_BENCH_ROUND"] ?? "2")
    else { return [] }
    return wrap.split(separator: " ").map(String.init)
}

/// The JSON report a round printed to `path`. A profiler that prints to standard output as well (heaptrack
/// writes its own lines before and after the program's) leaves them around the document: they are moved to
/// the end of the round's `stderr` file, so the wrapped round's report still reads.
func readReport(_ path: String, stderr: String) throws -> Report {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(
        separator: "\n", omittingEmptySubsequences: false)
    if let first = lines.firstIndex(where: { $0.hasPrefix("{") }), let last = lines.lastIndex(of: "}"),
        first > 0 || last < lines.count - 2
    {
        let around = lines[..<first] + lines[(last + 1)...]
        if let handle = FileHandle(forWritingAtPath: stderr) {
            handle.seekToEndOfFile()
            handle.write(Data(around.joined(separator: "\n").utf8))
            handle.closeFile()
        }
        try (lines[first...last].joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
    return try PricewatchJSON.decoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
}

/// The repo's `selectors.yml` (its `defaults:` and `sites:`, so the real costbench rules are measured) with
/// one target per generated page. Every page comes from one loopback host, so the per-host limit is lifted
/// to 16 to match `curl --parallel-max 16`.
func benchConfig(urls: [String]) throws -> String {
    let repoConfig = try String(contentsOf: repoFile("selectors.yml"), encoding: .utf8)
    guard let targets = repoConfig.range(of: "\ntargets:"), repoConfig.contains("\n  costbench:") else {
        throw BenchmarkError(message: "selectors.yml has no `costbench` site or no `targets:` section to replace")
    }
    var config = String(repoConfig[..<targets.lowerBound])
        .replacingOccurrences(of: #"max_per_host:\s*\d+"#, with: "max_per_host: 16", options: .regularExpression)
    config += "\ntargets:\n"
    for (index, url) in urls.enumerated() {
        config += "  - id: \(PageGenerator.targetID(index))\n    site: costbench\n    url: \(url)\n"
    }
    return config
}

/// What the report says against what the generator changed: statuses, and `price_changed` found, missed
/// and extra (matched by target and plan name).
private func accuracy(of report: Report, round: Int, truth: [PageGenerator.PriceChange]) -> String {
    var statuses: [Report.Status: Int] = [:]
    for target in report.targets { statuses[target.status, default: 0] += 1 }
    let changes = report.targets.flatMap(\.changes)
    let found = Set(changes.filter { $0.kind == .priceChanged }.map { "\($0.target)|\(($0.plan ?? "").lowercased())" })
    let expected = round == 2 ? Set(truth.map { "\($0.targetID)|\($0.plan.lowercased())" }) : []
    let others = changes.filter { $0.kind != .priceChanged }.count
    let summary = [Report.Status.new, .unchanged, .changed, .failed].compactMap { status in
        statuses[status].map { "\($0) \(status.rawValue)" }
    }.joined(separator: ", ")
    return "\(summary); price_changed \(found.count) (truth \(expected.count): "
        + "\(found.intersection(expected).count) right, \(expected.subtracting(found).count) missed, "
        + "\(found.subtracting(expected).count) extra); other changes \(others)"
}

/// Writes rounds 1 and 2 of the generated pages under `directory` in the layout of their URL paths, and
/// `selectors.yml` naming them on `http://127.0.0.1:8000`.
func dumpPages(to directory: URL, generator: PageGenerator) throws {
    for round in [1, 2] {
        for (index, page) in generator.pages(round: round).enumerated() {
            let folder = directory.appendingPathComponent("round-\(round)" + PageGenerator.path(index))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(page).write(to: folder.appendingPathComponent("index.html"))
        }
    }
    let urls = (0..<generator.count).map { "http://127.0.0.1:8000" + PageGenerator.path($0) }
    try benchConfig(urls: urls).write(
        to: directory.appendingPathComponent("selectors.yml"), atomically: true, encoding: .utf8)
}
