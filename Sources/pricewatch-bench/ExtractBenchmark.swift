import Foundation
import PricewatchCore

/// Where a check's CPU time goes per page, on one thread: extraction with the repository's costbench rules
/// (parse included), the record's JSON encoding and decoding (a snapshot write and read), and the diff.
func runExtractBenchmark(_ pages: [[UInt8]], parse: Figure) throws -> [Figure] {
    let rules = try String(contentsOfFile: "selectors.yml", encoding: .utf8)
    let site = try Configuration.parse(yaml: rules).site(named: "costbench")
    let clock = ContinuousClock()
    var records: [Record] = []
    let extract = try clock.measure {
        let extractor = Extractor(site: site)
        records = try pages.enumerated().map { index, page in
            try extractor.extract(
                page: page, charset: "utf-8", target: "bench/\(index)", url: nil, fetchedAt: "2026-11-24T00:00:00Z")
        }
    }.benchmarkSeconds
    var encoded: [Data] = []
    let encode = try clock.measure {
        encoded = try records.map { try PricewatchJSON.encode($0) }
    }.benchmarkSeconds
    let decode = try clock.measure {
        for data in encoded { _ = try PricewatchJSON.decode(Record.self, from: Array(data)) }
    }.benchmarkSeconds
    let differ = Differ()
    var changes = 0
    let diff = clock.measure {
        for record in records { changes += differ.changes(from: record, to: record).count }
    }.benchmarkSeconds
    // Every price text the records hold, read again: the parser's share of an extraction.
    let priceTexts = records.flatMap { record in
        record.plans.flatMap { $0.prices.values.map(\.raw) }
            + [record.priceRange?.low.raw, record.priceRange?.high.raw].compactMap { $0 }
            + record.alternatives.flatMap { [$0.startingPrice?.raw, $0.topPrice?.raw].compactMap { $0 } }
    }
    var amounts = 0
    let prices = clock.measure {
        for text in priceTexts where PriceParser.parse(text).amount != nil { amounts += 1 }
    }.benchmarkSeconds
    let figures = [
        Figure(
            "extract: costbench rules, 1 thread (parse included)", seconds: extract, pages: pages.count,
            note: String(format: "%.1fx raw parse", extract / parse.seconds)),
        Figure(
            "price texts of those records parsed again, 1 thread", seconds: prices, pages: pages.count,
            note: String(
                format: "%d texts, %.2f µs each, %.1f%% of extract", priceTexts.count,
                prices * 1e6 / Double(max(priceTexts.count, 1)), prices * 100 / extract)),
        Figure("record JSON encode (a snapshot write), 1 thread", seconds: encode, pages: pages.count),
        Figure("record JSON decode (a snapshot read), 1 thread", seconds: decode, pages: pages.count),
        Figure("diff of identical records, 1 thread", seconds: diff, pages: pages.count, note: "\(changes) changes"),
    ]
    for figure in figures { print("  " + figure.line) }
    return figures
}
