import Foundation
import PricewatchCore
import PricewatchReportStream
import Testing

/// The spooled report against the whole-report renderers: the same bytes in every format, whatever order the
/// results arrive in.
@Suite struct ReportSpoolTests {
    /// Results with every status, changes, an error, warnings, text that needs escaping and a missing URL.
    static let results: [Report.TargetResult] = [
        .init(id: "acme/pricing", url: "https://acme.example/pricing", vendor: "Acme", status: .new),
        .init(
            id: "beta/plans", url: "https://beta.example/plans", vendor: "Beta \"quoted\" <b>", status: .changed,
            changes: [
                Change(
                    target: "beta/plans", kind: .priceChanged, plan: "Pro", field: "monthly",
                    old: .text("$10"), new: .text("$12")),
                Change(target: "beta/plans", kind: .featureAdded, plan: "Pro", feature: "SSO\n& more"),
            ]),
        .init(id: "gamma", url: nil, status: .unchanged),
        .init(
            id: "delta/x", url: "https://delta.example/", status: .failed,
            changes: [.fetchFailed(target: "delta/x", message: "HTTP 503")], error: "HTTP 503"),
        .init(
            id: "eps", url: "https://eps.example/", vendor: "Eps", status: .unchanged,
            warnings: ["the page said UTF-8 but was not"]),
        .init(
            id: "zeta", url: "https://zeta.example/", vendor: "Zeta", status: .failed,
            changes: [Change(target: "zeta", kind: .priceChanged, plan: "A", old: .text("1"), new: .text("2"))],
            error: "could not store the snapshot: disk full"),
    ]

    static let formats: [(String, ReportSpool.Format)] = [
        ("json", .json), ("text", .text(colour: false, verbose: false)),
        ("verbose", .text(colour: false, verbose: true)),
        ("colour", .text(colour: true, verbose: true)), ("markdown", .markdown),
    ]

    static func whole(_ report: Report, _ format: ReportSpool.Format) throws -> [UInt8] {
        switch format {
        case .json: Array(try PricewatchJSON.encode(report))
        case .text(let colour, let verbose): Array(ReportRenderer.text(report, colour: colour, verbose: verbose).utf8)
        case .markdown: Array(ReportRenderer.markdown(report).utf8)
        }
    }

    static func spooled(_ results: [Report.TargetResult], _ format: ReportSpool.Format, order: [Int]) throws
        -> (bytes: [UInt8], spool: ReportSpool)
    {
        let spool = ReportSpool(format: format, count: results.count)
        for position in order { spool.receive(results[position], position: position) }
        var bytes: [UInt8] = []
        try spool.write(startedAt: "2026-12-03T10:00:00Z", finishedAt: "2026-12-03T10:05:00Z") { bytes += $0 }
        return (bytes, spool)
    }

    @Test(arguments: formats.map(\.0))
    func spooledReportIsTheWholeReportByteForByte(format name: String) throws {
        let format = try #require(Self.formats.first { $0.0 == name }).1
        let report = Report(
            startedAt: "2026-12-03T10:00:00Z", finishedAt: "2026-12-03T10:05:00Z", targets: Self.results)
        let expected = try Self.whole(report, format)
        for order in [Array(Self.results.indices), Self.results.indices.reversed(), [3, 0, 5, 1, 4, 2]] {
            let spooled = try Self.spooled(Self.results, format, order: order).bytes
            #expect(String(decoding: spooled, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test(arguments: formats.map(\.0))
    func emptyRunGivesTheEmptyReport(format name: String) throws {
        let format = try #require(Self.formats.first { $0.0 == name }).1
        let report = Report(startedAt: "2026-12-03T10:00:00Z", finishedAt: "2026-12-03T10:05:00Z", targets: [])
        let spooled = try Self.spooled([], format, order: []).bytes
        #expect(
            String(decoding: spooled, as: UTF8.self) == String(decoding: try Self.whole(report, format), as: UTF8.self))
    }

    @Test func manyTargetsComeOutInPiecesAndInOrder() throws {
        let results = (0..<3_000).map { index in
            Report.TargetResult(
                id: "bench/page-\(index)", url: "http://127.0.0.1/\(index)", vendor: "V\(index)", status: .unchanged)
        }
        let report = Report(startedAt: "2026-12-03T10:00:00Z", finishedAt: "2026-12-03T10:05:00Z", targets: results)
        let spool = ReportSpool(format: .json, count: results.count)
        for position in results.indices.reversed() { spool.receive(results[position], position: position) }
        var pieces: [[UInt8]] = []
        try spool.write(startedAt: report.startedAt, finishedAt: report.finishedAt) { pieces.append($0) }
        #expect(pieces.count > 1)
        #expect(pieces.flatMap { $0 } == Array(try PricewatchJSON.encode(report)))
    }

    @Test func keepsCountsAndFailuresAndChangesOnlyWhenAsked() throws {
        let (_, spool) = try Self.spooled(Self.results, .json, order: [5, 4, 3, 2, 1, 0])
        #expect(spool.counts == [.new: 1, .changed: 1, .unchanged: 2, .failed: 2])
        #expect(spool.kept.map(\.id) == ["delta/x", "zeta"])
        let keeping = ReportSpool(format: .json, count: Self.results.count, keepsChanged: true)
        for (position, result) in Self.results.enumerated().reversed() { keeping.receive(result, position: position) }
        #expect(keeping.kept.map(\.id) == ["beta/plans", "delta/x", "zeta"])
    }
}
