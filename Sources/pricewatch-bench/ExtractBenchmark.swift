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
    let figures = [
        Figure(
            "extract: costbench rules, 1 thread (parse included)", seconds: extract, pages: pages.count,
            note: String(format: "%.1fx raw parse", extract / parse.seconds)),
        Figure("record JSON encode (a snapshot write), 1 thread", seconds: encode, pages: pages.count),
        Figure("record JSON decode (a snapshot read), 1 thread", seconds: decode, pages: pages.count),
        Figure("diff of identical records, 1 thread", seconds: diff, pages: pages.count, note: "\(changes) changes"),
    ]
    for figure in figures { print("  " + figure.line) }
    return figures
}
