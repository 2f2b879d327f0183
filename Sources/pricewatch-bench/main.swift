import Foundation

// Benchmarks: figures, not pass/fail. Run with `make bench` (release build); takes a minute or two.
do {
    // PRICEWATCH_BENCH_ONLY=NAME runs one part of the benchmark, as each case below says.
    let only = ProcessInfo.processInfo.environment["PRICEWATCH_BENCH_ONLY"]
    // PRICEWATCH_BENCH_ONLY=browser runs only the render: browser figures against Playwright.
    if only == "browser" {
        printTable(try await runBrowserBenchmark())
        exit(0)
    }
    // PRICEWATCH_BENCH_PAGES=DIR writes rounds 1 and 2 as DIR/round-N/<URL path>/index.html, and a config for
    // them served from http://127.0.0.1:8000 (`python3 -m http.server -d DIR/round-N`), then stops: for
    // profiling `check` by hand.
    if let directory = ProcessInfo.processInfo.environment["PRICEWATCH_BENCH_PAGES"] {
        try dumpPages(to: URL(fileURLWithPath: directory), generator: PageGenerator(count: 1_000))
        exit(0)
    }
    // PRICEWATCH_BENCH_ONLY=postgres runs only the PostgreSQL store against the folder store (and four runners).
    if only == "postgres" {
        printTable(try runPostgresBenchmark())
        exit(0)
    }
    // PRICEWATCH_BENCH_ONLY=soak runs only the 100,000-target soak, which CI never runs; =naive only the
    // three check rounds against the naive curl + lxml script at 1,000 and 10,000 targets (or at the sizes
    // PRICEWATCH_BENCH_NAIVE_SIZES lists, comma-separated).
    if only == "soak" {
        printTable(try runSoakBenchmark())
        exit(0)
    }
    if only == "naive" {
        let sizes = ProcessInfo.processInfo.environment["PRICEWATCH_BENCH_NAIVE_SIZES"]?.split(separator: ",")
            .compactMap { Int($0) }
        printTable(try runNaiveComparison(sizes: sizes ?? [1_000, 10_000]))
        exit(0)
    }
    // PRICEWATCH_BENCH_ONLY=report times only the HTML report.
    if only == "report" {
        printTable(try runReportBenchmark())
        exit(0)
    }
    // PRICEWATCH_BENCH_ONLY=check (or parse) skips the fetch comparison, for quicker profiling by hand.
    let onlyCheck = ["check", "parse", "extract", "auto", "xpath", "fastpaths"].contains(only)
    var figures = onlyCheck ? [] : try await runFetchBenchmark()

    print("\ngenerating 1,000 CostBench-style pages (~70 KB each)")
    let generator = try PageGenerator(count: 1_000)
    let baseline = generator.pages(round: 1)
    // PRICEWATCH_BENCH_ONLY=auto prints the cost of zero-config reading against rules, and stops.
    if only == "auto" {
        printTable(try runAutoBenchmark(baseline))
        exit(0)
    }
    // PRICEWATCH_BENCH_ONLY=xpath compares `//x[p]` with `/descendant::x[p]` per rule shape, and stops.
    if only == "xpath" {
        printTable(try runXPathShapeBenchmark(baseline))
        exit(0)
    }
    // PRICEWATCH_BENCH_ONLY=fastpaths: the check rounds with each fast path turned off in turn.
    if only == "fastpaths" {
        printTable(try runFastPathComparison(generator: generator))
        exit(0)
    }
    let parse = try runParseBenchmark(baseline)
    print("  " + parse.line)
    let strippedParse = try runParseBenchmark(baseline, options: [.dropScriptText, .dropStyleText])
    print("  " + strippedParse.line)
    // PRICEWATCH_BENCH_ONLY=parse stops after the parse figures, for profiling the parser by hand.
    if only == "parse" { exit(0) }
    figures += try runExtractBenchmark(baseline, parse: parse)
    figures += try runAutoBenchmark(baseline)
    figures += try runXPathShapeBenchmark(baseline)
    // PRICEWATCH_BENCH_ONLY=extract stops after the extraction figures, for trying rules by hand.
    if only == "extract" { exit(0) }

    let site = try GeneratedSite(pages: baseline)
    defer { site.server.stop() }
    let urls = site.urls
    let curlRuns = try (0..<5).map { _ in try timeCurl(urls) }
    let curl = Figure(
        "fetch generated pages: curl --parallel --parallel-max 16", seconds: median(curlRuns.map(\.seconds)),
        pages: urls.count, peakKilobytes: curlRuns.map(\.peakKilobytes).max(), note: curlRuns[0].peakCaveat)
    print("  " + curl.line)
    figures += [parse, strippedParse, curl]
    figures += try runCheckBenchmark(site: site, generator: generator, parse: parse, curl: curl)
    site.server.stop()
    // PRICEWATCH_BENCH_ONLY=check stops after the check rounds.
    if only == "check" {
        printTable(figures)
        laterRemovals.removeAll()
        exit(0)
    }
    figures += try runNaiveComparison(sizes: [1_000, 10_000])
    figures += try runReportBenchmark()
    figures += try await runBrowserBenchmark()
    printTable(figures)
    laterRemovals.removeAll()
} catch {
    laterRemovals.removeAll()
    print("\(error)")
    exit(1)
}
