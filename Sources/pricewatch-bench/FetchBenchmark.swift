import Foundation
import PricewatchFetch
import PricewatchTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Fetches `pages` pages of about `pageBytes` from a loopback server with the default limits, with the
/// per-host limit lifted, and with `curl --parallel --parallel-max 16` on the same URLs, and prints pages/s,
/// wall time, peak memory and the ratio of our time to curl's (the goal is at most 1.2).
///
/// Each variant runs `rounds` times after one warm-up and reports the median, because a loopback run of a
/// thousand pages takes only a fraction of a second and single runs are noisy.
func runFetchBenchmark(pages: Int = 1_000, pageBytes: Int = 70 * 1024, rounds: Int = 9) async throws {
    let page = syntheticPricingPage(bytes: pageBytes)
    let server = try LoopbackHTTPServer { _ in
        LoopbackResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(page))
    }
    defer { server.stop() }
    let urls = (0..<pages).map { server.url("/page/\($0)") }

    print("fetch: \(pages) pages of \(pageBytes / 1024) KB from 127.0.0.1, median of \(rounds) runs")
    let defaults = try await median(rounds) { try await timeFetcher(urls, options: FetchOptions()) }
    report("pricewatch, default limits (16 total, 2 per host)", seconds: defaults, pages: pages)
    let lifted = try await median(rounds) {
        try await timeFetcher(urls, options: FetchOptions(maxConcurrent: 16, maxPerHost: 16))
    }
    report("pricewatch, per-host limit lifted (16 total, 16/host)", seconds: lifted, pages: pages)
    let curl = try await median(rounds) { try timeCurl(urls) }
    report("curl --parallel --parallel-max 16", seconds: curl, pages: pages)
    print(String(format: "  ratio pricewatch/curl: %.2fx per-host lifted, %.2fx default limits (goal: <= 1.2x)",
                 lifted / curl, defaults / curl))
    print("  peak RSS of this process (server included): \(peakResidentKilobytes() / 1024) MiB")
}

/// The median of `rounds` timings of `run`, after one untimed warm-up run.
private func median(_ rounds: Int, _ run: () async throws -> Double) async throws -> Double {
    _ = try await run()
    var timings: [Double] = []
    for _ in 0..<max(1, rounds) { timings.append(try await run()) }
    return timings.sorted()[timings.count / 2]
}

/// Fetches every URL with one `Fetcher`; returns the wall time in seconds. Any failure aborts the run.
private func timeFetcher(_ urls: [String], options: FetchOptions) async throws -> Double {
    let fetcher = try Fetcher(options: options)
    let requests = urls.enumerated().map { FetchRequest(id: "page-\($0.offset)", url: $0.element) }
    let clock = ContinuousClock()
    var bytes = 0
    let elapsed = try await clock.measure {
        for await result in fetcher.fetchAll(requests) {
            bytes += try result.outcome.get().body.count
        }
    }
    guard bytes > 0 else { throw BenchmarkError(message: "the fetcher returned no bytes") }
    return elapsed.benchmarkSeconds
}

/// Runs curl over the same URLs through a config file (one `url`/`output` pair per page); returns seconds.
private func timeCurl(_ urls: [String]) throws -> Double {
    let config = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-bench-\(getpid()).curlrc")
    let lines = urls.map { "url = \"\($0)\"\noutput = \"/dev/null\"" }
    try lines.joined(separator: "\n").write(to: config, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: config) }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "curl", "--silent", "--show-error", "--no-progress-meter", "--fail", "--parallel", "--parallel-max", "16",
        "-K", config.path,
    ]
    process.standardOutput = FileHandle.nullDevice
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
        try process.run()
        process.waitUntilExit()
    }
    guard process.terminationStatus == 0 else {
        throw BenchmarkError(message: "curl exited with status \(process.terminationStatus); is curl installed (make deps)?")
    }
    return elapsed.benchmarkSeconds
}

private func report(_ label: String, seconds: Double, pages: Int) {
    let figures = String(
        format: "%7.3f s  %8.1f pages/s  peak RSS %4d MiB", seconds, Double(pages) / seconds,
        peakResidentKilobytes() / 1024)
    print("  " + label.padding(toLength: 56, withPad: " ", startingAt: 0) + figures)
}

/// The process's peak resident set size so far, in KiB (Linux reports `ru_maxrss` in KiB).
private func peakResidentKilobytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

/// An HTML pricing table padded with plan rows to about `bytes` bytes.
private func syntheticPricingPage(bytes: Int) -> [UInt8] {
    var html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Pricing</title></head><body><table>\n"
    var plan = 0
    while html.utf8.count < bytes - 30 {
        plan += 1
        html += "<tr class=\"plan\"><td class=\"name\">Plan \(plan)</td><td class=\"price\">$\(plan * 3).00 / mo</td></tr>\n"
    }
    return Array((html + "</table></body></html>\n").utf8)
}

/// A benchmark run that could not produce figures.
struct BenchmarkError: Error, CustomStringConvertible {
    let message: String
    var description: String { "benchmark failed: \(message)" }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var benchmarkSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
