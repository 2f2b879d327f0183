import Foundation

/// `PRICEWATCH_BENCH_ONLY=fastpaths`: the three check rounds over the 1,000 generated pages with each fast
/// path turned off in turn (`PRICEWATCH_PLAIN=name`, `none` for all on), the variants interleaved within each
/// sequence so that the machine's drift touches all of them alike. `PRICEWATCH_BENCH_FASTPATHS` lists the
/// variants (comma-separated); `PRICEWATCH_BENCH_SEQUENCES` how many times each runs (default 5). A variant
/// `label=PATH` runs another build's `pricewatch` at PATH with every fast path on, to compare two commits'
/// whole check rounds in the same run.
func runFastPathComparison(generator: PageGenerator) throws -> [Figure] {
    let environment = ProcessInfo.processInfo.environment
    let variants = (environment["PRICEWATCH_BENCH_FASTPATHS"] ?? "none,json,index,syncfs,css,words")
        .split(separator: ",").map(String.init)
    let sequences = max(1, Int(environment["PRICEWATCH_BENCH_SEQUENCES"] ?? "") ?? 5)
    let binary = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("pricewatch").path
    guard let binary, FileManager.default.isExecutableFile(atPath: binary) else {
        throw BenchmarkError(message: "no pricewatch binary beside pricewatch-bench; build it with `make bench`")
    }
    let site = try GeneratedSite(pages: generator.pages(round: 1))
    defer { site.server.stop() }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-bench-fastpaths-\(getpid())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let config = work.appendingPathComponent("selectors.yml")
    try benchConfig(urls: site.urls).write(to: config, atomically: true, encoding: .utf8)

    var runs: [String: [[Figure]]] = [:]
    for sequence in 1...sequences {
        // Each sequence starts with another variant, so none always runs first.
        let order = variants.indices.map { variants[($0 + sequence) % variants.count] }
        for variant in order {
            let otherBuild = variant.split(separator: "=", maxSplits: 1).map(String.init)
            let plain = otherBuild.count == 2 || variant == "none" ? "" : variant
            setenv("PRICEWATCH_PLAIN", plain, 1)
            let snapshots = work.appendingPathComponent("snapshots-\(otherBuild[0])-\(sequence)").path
            var rounds: [Figure] = []
            for (round, label) in [(1, "baseline"), (2, "changed prices"), (3, "nothing new")] {
                let figure = try runCheckRound(
                    round, label: label, binary: otherBuild.count == 2 ? otherBuild[1] : binary, config: config.path,
                    snapshots: snapshots, work: work,
                    site: site, generator: generator)
                rounds.append(figure)
            }
            print(
                "  \(variant) #\(sequence): "
                    + rounds.map {
                        String(
                            format: "%.3f s (cpu %.2f, %d KB)", $0.seconds, $0.cpuSeconds ?? 0, $0.peakKilobytes ?? 0)
                    }
                    .joined(separator: " | "))
            runs[variant, default: []].append(rounds)
        }
    }
    unsetenv("PRICEWATCH_PLAIN")
    var figures: [Figure] = []
    for variant in variants {
        guard let sequencesRun = runs[variant] else { continue }
        for round in 0..<3 {
            let figuresOfRound = sequencesRun.map { $0[round] }
            let seconds = figuresOfRound.map(\.seconds).sorted()
            let cpu = figuresOfRound.compactMap(\.cpuSeconds).sorted()
            figures.append(
                Figure(
                    "fast paths: \(variant.split(separator: "=")[0]) off, check round \(round + 1)",
                    seconds: seconds[seconds.count / 2],
                    pages: generator.count, peakKilobytes: figuresOfRound.compactMap(\.peakKilobytes).max(),
                    note: String(
                        format: "median of %d (%.3f–%.3f s); cpu median %.2f s", seconds.count, seconds[0],
                        seconds[seconds.count - 1], cpu.isEmpty ? 0 : cpu[cpu.count / 2])))
        }
    }
    return figures
}
