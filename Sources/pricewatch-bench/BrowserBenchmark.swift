import Foundation
import PricewatchDevTools
import PricewatchTestSupport
import Synchronization

// `render: browser` against a small Playwright script, on the same system Chromium and the same 100
// JavaScript-built pages on loopback, plus the cost of starting the browser.

/// Pages rendered per run.
private let browserPages = 100
/// Tabs at once, for both (`defaults.render.max_tabs`' default).
private let browserTabs = 4
/// Runs of each side, alternated; the median is reported.
private let browserRounds = 3

func runBrowserBenchmark() async throws -> [Figure] {
    let chromium = try ChromiumLocator.locate(configured: nil, environment: ProcessInfo.processInfo.environment)
    print("\nrender: browser — \(browserPages) JavaScript-built pages on loopback, \(browserTabs) tabs, \(chromium)")
    let site = try JavaScriptPricingSite()
    defer { site.server.stop() }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-bench-browser-\(getpid())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let urls = (1...browserPages).map { site.url("/pricing/\($0)") }
    let config = work.appendingPathComponent("selectors.yml")
    let targets = urls.enumerated().map { "  - {id: bench/v\($0.offset + 1), site: jsdemo, url: \"\($0.element)\"}" }
    try """
    defaults:
      render:
        max_tabs: \(browserTabs)
    sites:
    \(JavaScriptPricingSite.siteRules)
        render: browser
        wait_for: {css: "#plans .plan"}
        wait: load
    targets:
    \(targets.joined(separator: "\n"))

    """.write(to: config, atomically: true, encoding: .utf8)
    let urlList = work.appendingPathComponent("urls.txt")
    try (urls.joined(separator: "\n") + "\n").write(to: urlList, atomically: true, encoding: .utf8)
    let script = TestLocations.repository.appendingPathComponent("bench/playwright-render.py").path
    let binary = TestLocations.repository.appendingPathComponent(".build/release/pricewatch").path

    var ours: [SampledRun] = []
    var theirs: [SampledRun] = []
    var playwrightLaunch: [Double] = []
    var playwrightNote = ""
    for round in 1...browserRounds {
        let snapshots = work.appendingPathComponent("snapshots-\(round)").path
        ours.append(
            try runSampled(
                [
                    binary, "check", "--config", config.path, "--snapshots", snapshots, "--no-notify", "--format",
                    "json",
                ],
                scratch: work.appendingPathComponent("tmp-ours-\(round)")))
        let playwright = try runSampled(
            ["python3", script, chromium, urlList.path, "\(browserTabs)"],
            scratch: work.appendingPathComponent("tmp-playwright-\(round)"))
        theirs.append(playwright)
        if let line = playwright.stdout.split(separator: "\n").last,
            let result = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let launch = result["launch_seconds"] as? Double, let rendered = result["rendered"] as? Int
        {
            playwrightLaunch.append(launch)
            playwrightNote = "\(rendered)/\(browserPages) rendered"
        } else {
            playwrightNote = "Playwright failed (pip install playwright): \(playwright.stderr.suffix(300))"
        }
    }
    let stored =
        (try? FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("snapshots-1/bench").path))?
        .count ?? 0
    let oursFigure = Figure(
        "render: browser — pricewatch check (extract + store)", seconds: median(ours.map(\.seconds)),
        pages: browserPages, peakKilobytes: ours.map(\.peakKilobytes).max(),
        note: "\(stored)/\(browserPages) stored; peak = PSS of pricewatch + Chromium")
    let theirsFigure = Figure(
        "render: browser — Playwright script (HTML only)", seconds: median(theirs.map(\.seconds)),
        pages: browserPages, peakKilobytes: theirs.map(\.peakKilobytes).max(),
        note: playwrightNote
            + String(format: "; pricewatch takes %.2f× its time", oursFigure.seconds / median(theirs.map(\.seconds))))
    print("  " + oursFigure.line)
    print("  " + theirsFigure.line)

    // Starting and closing the browser, once per run.
    var launches: [Double] = []
    var closes: [Double] = []
    for _ in 0..<5 {
        let clock = ContinuousClock()
        let start = clock.now
        let browser = try await Browser.launch(executable: chromium)
        let launched = clock.now
        await browser.close()
        launches.append((launched - start).benchmarkSeconds)
        closes.append((clock.now - launched).benchmarkSeconds)
    }
    let startup = Figure(
        "Chromium start (launch + first answer), per run", seconds: median(launches), pages: 1,
        note: String(
            format: "close and reap: %.3f s; Playwright's launch: %.3f s", median(closes), median(playwrightLaunch)))
    print("  " + startup.line)
    return [oursFigure, theirsFigure, startup]
}

/// A child process's wall time, and the peak total PSS of it and of every process naming its scratch folder.
struct SampledRun {
    let seconds: Double
    let peakKilobytes: Int
    let stdout: String
    let stderr: String
}

/// Runs `arguments` with `TMPDIR` set to `scratch` (so the browser's profile, and so every Chromium process's
/// command line, names it) and samples the memory of the whole group every 50 ms.
///
/// PSS (proportional set size) counts pages shared between Chromium's processes once overall, where a sum of
/// RSS would count them once per process.
func runSampled(_ arguments: [String], scratch: URL) throws -> SampledRun {
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": scratch.path]) { $1 }
    let out = scratch.appendingPathComponent("stdout")
    let err = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    let peak = Mutex(0)
    let clock = ContinuousClock()
    let start = clock.now
    try process.run()
    let root = process.processIdentifier
    let sampler = Thread {
        while process.isRunning {
            let total = groupPSS(root: root, marker: scratch.path)
            peak.withLock { $0 = max($0, total) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
    sampler.start()
    process.waitUntilExit()
    let seconds = (clock.now - start).benchmarkSeconds
    return SampledRun(
        seconds: seconds, peakKilobytes: peak.withLock { $0 },
        stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
}

/// The summed PSS, in KiB, of `root`, its children, and every process whose command line names `marker`.
private func groupPSS(root: Int32, marker: String) -> Int {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    var total = 0
    for entry in entries {
        guard let pid = Int32(entry) else { continue }
        let commandLine = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline").map {
            String(decoding: $0, as: UTF8.self)
        }
        let status = (try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8)) ?? ""
        let parent = status.split(separator: ")").last?.split(separator: " ").dropFirst(1).first.flatMap { Int32($0) }
        guard pid == root || parent == root || commandLine?.contains(marker) == true else { continue }
        guard let rollup = try? String(contentsOfFile: "/proc/\(entry)/smaps_rollup", encoding: .utf8) else { continue }
        for line in rollup.split(separator: "\n") where line.hasPrefix("Pss:") {
            total += Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
    }
    return total
}
