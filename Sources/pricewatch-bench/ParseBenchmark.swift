import Foundation
import PricewatchHTML

/// Parses every page with `HTMLDocument` on this one thread, `rounds` times after a warm-up, and returns
/// the median with the throughput in MB/s (of the whole pages): with no options, the raw libxml2 parse that
/// is the floor for any extraction reading whole pages; with script and style text left out, what `check`
/// parses for rules that do not read them.
func runParseBenchmark(_ pages: [[UInt8]], options: HTMLParseOptions = [], rounds: Int = 5) throws -> Figure {
    let clock = ContinuousClock()
    var timings: [Double] = []
    for round in 0...rounds {
        var parsed = 0
        let elapsed = try clock.measure {
            for page in pages where try HTMLDocument(bytes: page, charset: "utf-8", options: options).root != nil {
                parsed += 1
            }
        }
        guard parsed == pages.count else {
            throw BenchmarkError(message: "libxml2 found no root element in \(pages.count - parsed) generated pages")
        }
        if round > 0 { timings.append(elapsed.benchmarkSeconds) }
    }
    let seconds = median(timings)
    let megabytes = Double(pages.reduce(0) { $0 + $1.count }) / 1_000_000
    let label =
        options.isEmpty ? "parse: libxml2 HTMLDocument, 1 thread" : "parse: scripts and styles left out, 1 thread"
    return Figure(
        label, seconds: seconds, pages: pages.count,
        note: String(format: "%.0f MB/s", megabytes / seconds))
}
