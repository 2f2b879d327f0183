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
func runFetchBenchmark(pages: Int = 1_000, pageBytes: Int = 70 * 1024, rounds: Int = 9) async throws -> [Figure] {
    let page = syntheticPricingPage(bytes: pageBytes)
    let server = try LoopbackHTTPServer { _ in
        LoopbackResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(page))
    }
    defer { server.stop() }
    let urls = (0..<pages).map { server.url("/page/\($0)") }

    print("fetch: \(pages) pages of \(pageBytes / 1024) KB from 127.0.0.1, median of \(rounds) interleaved runs")
    // Each variant returns its wall time and, for curl, its own peak RSS.
    let variants: [(label: String, run: () async throws -> (seconds: Double, peakKilobytes: Int?))] = [
        (
            "fetch: pricewatch, default limits (16 total, 2/host)",
            {
                (try await timeFetcher(urls, options: FetchOptions()), nil)
            }
        ),
        (
            "fetch: pricewatch, per-host limit lifted (16, 16/host)",
            {
                (try await timeFetcher(urls, options: FetchOptions(maxConcurrent: 16, maxPerHost: 16)), nil)
            }
        ),
        (
            "fetch: curl --parallel --parallel-max 16",
            {
                let run = try timeCurl(urls)
                return (run.seconds, run.peakKilobytes)
            }
        ),
    ]
    // Memory first, on a fresh heap: the high-water mark is reset before each of our runs and includes the
    // in-process server (its baseline is printed); curl's is its own process's.
    let baseline = peakResidentKilobytes(of: RUSAGE_SELF)
    var peaks: [Int] = []
    for variant in variants {
        resetPeakResident()
        let run = try await variant.run()
        peaks.append(run.peakKilobytes ?? peakResidentKilobytes(of: RUSAGE_SELF))
    }

    // Rounds interleave the variants so that load from elsewhere on the machine hits all of them alike.
    var timings = Array(repeating: [Double](), count: variants.count)
    for round in 0...max(1, rounds) {
        for (index, variant) in variants.enumerated() {
            let seconds = try await variant.run().seconds
            if round > 0 { timings[index].append(seconds) }  // round 0 warms up
        }
    }
    let figures = variants.indices.map { index in
        Figure(variants[index].label, seconds: median(timings[index]), pages: pages, peakKilobytes: peaks[index])
    }
    for figure in figures { print("  " + figure.line) }
    print("  (this process with the loopback server and before any fetch: \(baseline / 1024) MiB RSS)")
    let ratios = String(
        format: "  ratio pricewatch/curl: %.2fx per-host lifted, %.2fx default limits (goal: <= 1.2x)",
        figures[1].seconds / figures[2].seconds, figures[0].seconds / figures[2].seconds)
    print(ratios)
    return figures
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

/// Runs `curl --parallel --parallel-max 16` over `urls` through a config file (one `url`/`output` pair per
/// page), bodies to /dev/null; returns curl's own wall time and peak RSS. Any failed page aborts the run.
func timeCurl(_ urls: [String]) throws -> ChildRun {
    let config = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-bench-\(getpid()).curlrc")
    let lines = urls.map { "url = \"\($0)\"\noutput = \"/dev/null\"" }
    try lines.joined(separator: "\n").write(to: config, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: config) }

    let run = try runChild([
        "curl", "--silent", "--show-error", "--no-progress-meter", "--fail", "--parallel", "--parallel-max", "16",
        "-K", config.path,
    ])
    guard run.exitStatus == 0 else {
        throw BenchmarkError(message: "curl exited with status \(run.exitStatus); is curl installed (make deps)?")
    }
    return run
}

/// The peak resident set size of this process (`RUSAGE_SELF`) in KiB (Linux reports `ru_maxrss` in KiB).
func peakResidentKilobytes(of who: __rusage_who) -> Int {
    var usage = rusage()
    getrusage(who.rawValue, &usage)
    return usage.ru_maxrss
}

/// Resets this process's peak-RSS high-water mark (Linux `clear_refs` value 5), so the next reading covers
/// only what runs after this call.
func resetPeakResident() {
    let fd = open("/proc/self/clear_refs", O_WRONLY)
    guard fd >= 0 else { return }
    defer { close(fd) }
    _ = write(fd, "5", 1)
}

/// An HTML pricing table padded with plan rows to about `bytes` bytes.
private func syntheticPricingPage(bytes: Int) -> [UInt8] {
    var html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Pricing</title></head><body><table>\n"
    var plan = 0
    while html.utf8.count < bytes - 30 {
        plan += 1
        html += "<tr class=\"plan\"><td class=\"name\">Plan \(plan)</td>"
        html += "<td class=\"price\">$\(plan * 3).00 / mo</td></tr>\n"
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
