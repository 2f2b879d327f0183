import Foundation
import PricewatchAutoExtraction
import PricewatchCore
import PricewatchHTML

/// What zero-config reading costs against rules, on one thread: the 1,000 generated pages read with the
/// repository's costbench rules and with `--auto`, each wild page with `--auto` and with the rules `suggest`
/// writes for it, and pages of 1.25, 2.5 and 5 MB (20,000+ elements), where a superlinear step would show.
///
/// Rules and `--auto` alternate round by round (which goes first alternates too), so that the machine's
/// drift during a run reaches both sides alike; each figure is the median round, each ratio the median of
/// the rounds' ratios.
func runAutoBenchmark(_ pages: [[UInt8]]) throws -> [Figure] {
    let rounds = 5
    let rules = try String(contentsOfFile: "selectors.yml", encoding: .utf8)
    let costbench = Extractor(site: try Configuration.parse(yaml: rules).site(named: "costbench"))
    var found = 0
    let generated = try alternate(rounds: rounds) { _ in
        for (index, page) in pages.enumerated() {
            _ = try costbench.extract(page: page, charset: "utf-8", target: "bench/\(index)", url: nil, fetchedAt: stamp)
        }
    } auto: { _ in
        found = 0
        for (index, page) in pages.enumerated() {
            let record = try? reader.extract(page: page, charset: "utf-8", target: "auto/\(index)", url: nil, fetchedAt: stamp)
            found += record?.plans.count ?? 0
        }
    }
    var figures = [
        Figure("extract: costbench rules, 1 thread (parse included)", seconds: generated.rules, pages: pages.count),
        Figure(
            "extract --auto: same pages, 1 thread", seconds: generated.auto, pages: pages.count,
            note: String(format: "%.2fx rules (rounds %@), %d plans", generated.ratio, generated.range, found)),
    ]
    figures += try wildFigures(rounds: rounds)
    for megabytes in [1.25, 2.5, 5] {
        let large = largePage(bytes: Int(megabytes * 1_000_000))
        var plans = 0
        let times = (0..<3).map { _ in
            ContinuousClock().measure {
                plans = (try? reader.extract(page: large.bytes, charset: nil, target: "l", url: nil, fetchedAt: stamp))?
                    .plans.count ?? 0
            }.benchmarkSeconds
        }
        let seconds = median(times)
        figures.append(
            Figure(
                "extract --auto: one \(megabytes) MB page, \(large.elements) elements", seconds: seconds, pages: 1,
                note: String(format: "%d plans, %.3f s per MB (median of 3)", plans, seconds / megabytes)))
    }
    for figure in figures { print("  " + figure.line) }
    return figures
}

private let stamp = "2026-11-24T00:00:00Z"
private let reader = AutoExtractor()

/// The wild pages, each read `repeats` times per round with `--auto` and with its own `suggest` rules: the
/// total, and each page's ratio (median of the rounds).
private func wildFigures(rounds: Int) throws -> [Figure] {
    let folder = "../shared/fixtures/wild"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".html") }.sorted()
    // A page whose plans no suggested rule reads is left out: there is nothing to compare it with.
    let wild = try names.compactMap { name -> (name: String, page: [UInt8], rules: Extractor)? in
        let page = Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)")))
        guard let yaml = try? RuleSuggester().suggest(page: page, site: "wild", url: nil, targetID: nil).yaml else {
            print("  (\(name): no suggested rules, left out)")
            return nil
        }
        return (name, page, Extractor(site: try Configuration.parse(yaml: yaml).site(named: "wild")))
    }
    guard !wild.isEmpty else { return [] }
    let repeats = 20
    var perPage: [(name: String, times: (rules: Double, auto: Double, ratio: Double, range: String))] = []
    for (name, page, rules) in wild {
        let times = try alternate(rounds: rounds) { _ in
            for _ in 0..<repeats {
                _ = try rules.extract(page: page, charset: nil, target: "w", url: nil, fetchedAt: stamp)
            }
        } auto: { _ in
            for _ in 0..<repeats {
                _ = try? reader.extract(page: page, charset: nil, target: "w", url: nil, fetchedAt: stamp)
            }
        }
        perPage.append((name, times))
    }
    let (rulesTotal, autoTotal) = (perPage.map(\.times.rules).reduce(0, +), perPage.map(\.times.auto).reduce(0, +))
    let count = wild.count * repeats
    var figures = [
        Figure("extract: wild pages x\(repeats), their suggest rules", seconds: rulesTotal, pages: count),
        Figure(
            "extract --auto: wild pages x\(repeats)", seconds: autoTotal, pages: count,
            note: String(format: "%.2fx rules", autoTotal / rulesTotal)),
    ]
    for page in perPage {
        figures.append(
            Figure(
                "  --auto: \(page.name.dropLast(5)) x\(repeats)", seconds: page.times.auto, pages: repeats,
                note: String(format: "%.2fx rules (rounds %@)", page.times.ratio, page.times.range)))
    }
    return figures
}

/// Times `rules` and `auto` in `rounds` alternating rounds (rules first in even rounds, `auto` first in odd
/// ones): the median round of each, the median of the rounds' ratios, and the ratios' range.
private func alternate(
    rounds: Int, rules: (Int) throws -> Void, auto: (Int) throws -> Void
) throws -> (rules: Double, auto: Double, ratio: Double, range: String) {
    let clock = ContinuousClock()
    var (ruleTimes, autoTimes) = ([Double](), [Double]())
    for round in 0..<rounds {
        for side in round.isMultiple(of: 2) ? [true, false] : [false, true] {
            if side {
                ruleTimes.append(try clock.measure { try rules(round) }.benchmarkSeconds)
            } else {
                autoTimes.append(try clock.measure { try auto(round) }.benchmarkSeconds)
            }
        }
    }
    let ratios = zip(autoTimes, ruleTimes).map { $0 / $1 }
    let range = String(format: "%.2f–%.2f", ratios.min() ?? 0, ratios.max() ?? 0)
    return (median(ruleTimes), median(autoTimes), median(ratios), range)
}

/// A pricing page of about `bytes` bytes: 4 plan cards among thousands of article blocks, table rows and
/// nested lists.
func largePage(bytes: Int = 5_000_000) -> (bytes: [UInt8], elements: Int) {
    var html = "<html><head><title>Big | Vendor</title></head><body><div class='plans'>"
    for (name, price) in [("Free", "$0"), ("Pro", "$19/mo"), ("Team", "$49/mo"), ("Enterprise", "Custom")] {
        html += "<div class='plan'><h3>\(name)</h3><p class='price'>\(price)</p><ul><li>Feature</li></ul></div>"
    }
    html += "</div>"
    var elements = 12
    var block = 0
    while html.utf8.count < bytes {
        block += 1
        html += "<section class='post'><h2>Story \(block)</h2><p>"
        html += String(repeating: "Text about teams and tools that keeps going for a while. ", count: 12)
        html += "</p><ul><li>note \(block)</li><li>more</li></ul><table><tr><td>a</td><td>b</td></tr></table></section>"
        elements += 9
    }
    return (Array((html + "</body></html>").utf8), elements)
}
