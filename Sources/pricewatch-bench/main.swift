import Foundation

// Benchmarks: figures, not pass/fail. Run with `make bench` (release build); takes a minute or two.
do {
    // PRICEWATCH_BENCH_PAGES=DIR writes the generated round-1 pages there and stops, for profiling by hand.
    if let directory = ProcessInfo.processInfo.environment["PRICEWATCH_BENCH_PAGES"] {
        for (index, page) in try PageGenerator(count: 1_000).pages(round: 1).enumerated() {
            try Data(page).write(to: URL(fileURLWithPath: directory).appendingPathComponent("page-\(index).html"))
        }
        exit(0)
    }
    var figures = try await runFetchBenchmark()

    print("\ngenerating 1,000 CostBench-style pages (~70 KB each)")
    let generator = try PageGenerator(count: 1_000)
    let baseline = generator.pages(round: 1)
    let parse = try runParseBenchmark(baseline)
    print("  " + parse.line)
    figures += try runExtractBenchmark(baseline, parse: parse)

    let site = try GeneratedSite(pages: baseline)
    defer { site.server.stop() }
    let urls = site.urls
    let curlRuns = try (0..<5).map { _ in try timeCurl(urls) }
    let curl = Figure(
        "fetch generated pages: curl --parallel --parallel-max 16", seconds: median(curlRuns.map(\.seconds)),
        pages: urls.count, peakKilobytes: curlRuns.map(\.peakKilobytes).max(), note: curlRuns[0].peakCaveat)
    print("  " + curl.line)
    figures += [parse, curl]
    figures += try runCheckBenchmark(site: site, generator: generator, parse: parse, curl: curl)
    printTable(figures)
} catch {
    print("\(error)")
    exit(1)
}
