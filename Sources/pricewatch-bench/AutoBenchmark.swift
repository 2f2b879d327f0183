import Foundation
import PricewatchAutoExtraction
import PricewatchCore
import PricewatchHTML

/// What zero-config reading costs against rules, on one thread: the 1,000 generated pages read with the
/// repository's costbench rules and with `--auto`, the wild pages read with `--auto` against parsing them
/// alone (they have no rules), and one 5 MB page of 20,000+ elements, where a quadratic step would show.
func runAutoBenchmark(_ pages: [[UInt8]]) throws -> [Figure] {
    let rules = try String(contentsOfFile: "selectors.yml", encoding: .utf8)
    let site = try Configuration.parse(yaml: rules).site(named: "costbench")
    let clock = ContinuousClock()
    let stamp = "2026-11-24T00:00:00Z"
    let reader = AutoExtractor()
    let ruled = try clock.measure {
        let extractor = Extractor(site: site)
        for (index, page) in pages.enumerated() {
            _ = try extractor.extract(
                page: page, charset: "utf-8", target: "bench/\(index)", url: nil, fetchedAt: stamp)
        }
    }.benchmarkSeconds
    var found = 0
    let auto = clock.measure {
        for (index, page) in pages.enumerated() {
            let record = try? reader.extract(
                page: page, charset: "utf-8", target: "auto/\(index)", url: nil, fetchedAt: stamp)
            found += record?.plans.count ?? 0
        }
    }.benchmarkSeconds
    var figures = [
        Figure("extract: costbench rules, 1 thread (parse included)", seconds: ruled, pages: pages.count),
        Figure(
            "extract --auto: same pages, 1 thread", seconds: auto, pages: pages.count,
            note: String(format: "%.2fx rules, %d plans", auto / ruled, found)),
    ]
    let wildFolder = "../shared/fixtures/wild"
    let wild = try FileManager.default.contentsOfDirectory(atPath: wildFolder).filter { $0.hasSuffix(".html") }.sorted()
        .map { Array(try Data(contentsOf: URL(fileURLWithPath: "\(wildFolder)/\($0)"))) }
    if !wild.isEmpty {
        let rounds = 20
        let parse = try clock.measure {
            for _ in 0..<rounds { for page in wild { _ = try HTMLDocument(bytes: page).root } }
        }.benchmarkSeconds
        let read = clock.measure {
            for _ in 0..<rounds {
                for page in wild {
                    _ = try? reader.extract(page: page, charset: nil, target: "w", url: nil, fetchedAt: stamp)
                }
            }
        }.benchmarkSeconds
        figures += [
            Figure("parse only: wild pages x\(rounds), 1 thread", seconds: parse, pages: wild.count * rounds),
            Figure(
                "extract --auto: wild pages x\(rounds), 1 thread", seconds: read, pages: wild.count * rounds,
                note: String(format: "%.2fx parse", read / parse)),
        ]
    }
    let large = largePage()
    var largePlans = 0
    let largeTime = clock.measure {
        largePlans =
            (try? reader.extract(page: large.bytes, charset: nil, target: "l", url: nil, fetchedAt: stamp))?
            .plans.count ?? 0
    }.benchmarkSeconds
    figures.append(
        Figure(
            "extract --auto: one \(large.bytes.count / 1_000_000) MB page, \(large.elements) elements",
            seconds: largeTime,
            pages: 1, note: "\(largePlans) plans"))
    for figure in figures { print("  " + figure.line) }
    return figures
}

/// A 5 MB pricing page: 4 plan cards among thousands of article blocks, table rows and nested lists.
func largePage() -> (bytes: [UInt8], elements: Int) {
    var html = "<html><head><title>Big | Vendor</title></head><body><div class='plans'>"
    for (name, price) in [("Free", "$0"), ("Pro", "$19/mo"), ("Team", "$49/mo"), ("Enterprise", "Custom")] {
        html += "<div class='plan'><h3>\(name)</h3><p class='price'>\(price)</p><ul><li>Feature</li></ul></div>"
    }
    html += "</div>"
    var elements = 12
    var block = 0
    while html.utf8.count < 5_000_000 {
        block += 1
        html += "<section class='post'><h2>Story \(block)</h2><p>"
        html += String(repeating: "Text about teams and tools that keeps going for a while. ", count: 12)
        html += "</p><ul><li>note \(block)</li><li>more</li></ul><table><tr><td>a</td><td>b</td></tr></table></section>"
        elements += 9
    }
    return (Array((html + "</body></html>").utf8), elements)
}
