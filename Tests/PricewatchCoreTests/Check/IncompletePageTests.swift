import Foundation
import PricewatchHTML
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// `check` against pages libxml2 cannot read whole with its defaults: the result is the page's real
/// content or an `extraction_failed` that keeps the snapshot, never plans that vanished (issue 13).
@Suite struct IncompletePageTests {
    static let luma = CheckRunnerTests.luma

    /// The Luma page with `depth` nested spans in the second plan row's last cell: libxml2 2.9.14 stops at
    /// 256 levels, and every plan after that row used to vanish.
    static func nestedInSecondPlanRow(_ depth: Int) throws -> [UInt8] {
        let page = String(decoding: try TestPaths.fixture(luma), as: UTF8.self)
        let secondRow = try #require(page.range(of: "Ray3.14 (Pi) Standard Definition"))
        let rowEnd = try #require(page.range(of: "</td></tr>", range: secondRow.upperBound..<page.endIndex))
        let nest = String(repeating: "<span>", count: depth) + String(repeating: "</span>", count: depth)
        return Array(page.replacingCharacters(in: rowEnd.lowerBound..<rowEnd.lowerBound, with: nest).utf8)
    }

    /// Runs the plain page, then `second`, and returns the second run's only result.
    static func baselineThen(_ second: [UInt8], in folder: URL) async throws -> (Report.TargetResult, SnapshotStore) {
        let server = try PageServer()
        server.serve("/luma", try TestPaths.fixture(luma))
        let config = try CheckRunnerTests.configuration(server, targets: [("costbench/luma", "costbench", "/luma")])
        let store = SnapshotStore(directory: folder)
        let first = try await CheckRunnerTests.run(config, store: store)
        #expect(first.targets.map(\.status) == [.new])
        server.serve("/luma", second)
        let report = try await CheckRunnerTests.run(config, store: store)
        return (try #require(report.targets.first), store)
    }

    @Test func aPageNestedPastLibxml2sLimitIsReadWholeAndIsUnchanged() async throws {
        try await withTemporaryFolder { folder in
            let (result, store) = try await Self.baselineThen(try Self.nestedInSecondPlanRow(300), in: folder)
            #expect(result.changes.map(\.kind) == [], "\(result.changes)")
            #expect(result.status == .unchanged)
            #expect(try store.history(for: "costbench/luma").count == 1)
        }
    }

    @Test func aPageNestedPastOurBoundFailsWithTheReasonAndKeepsTheSnapshot() async throws {
        try await withTemporaryFolder { folder in
            let depth = HTMLDocument.maximumDepth + 100
            let page = try Self.nestedInSecondPlanRow(depth)
            let server = try PageServer()
            server.serve("/luma", try TestPaths.fixture(Self.luma))
            let config = try CheckRunnerTests.configuration(
                server, targets: [("costbench/luma", "costbench", "/luma")])
            let store = SnapshotStore(directory: folder)
            _ = try await CheckRunnerTests.run(config, store: store)
            let stored = try store.latest(for: "costbench/luma")
            let storedPage = try store.rawPage(for: "costbench/luma")

            server.serve("/luma", page)
            let report = try await CheckRunnerTests.run(config, store: store)
            let result = try #require(report.targets.first)
            #expect(result.status == .failed)
            #expect(result.changes.map(\.kind) == [.extractionFailed])
            let message = result.changes.first?.message ?? ""
            #expect(message.contains("nested more than \(HTMLDocument.maximumDepth) levels deep"), "\(message)")
            #expect(message.contains("The stored snapshot was kept"))
            #expect(try store.latest(for: "costbench/luma") == stored)
            #expect(try store.rawPage(for: "costbench/luma") == storedPage)
            #expect(try store.history(for: "costbench/luma").count == 1)
        }
    }

    @Test func aWindows1252PageServedAsUTF8ReadsTheSameWithAWarning() async throws {
        try await withTemporaryFolder { folder in
            // The same page in windows-1252, still served as `text/html; charset=utf-8`.
            let page = String(decoding: try TestPaths.fixture(Self.luma), as: UTF8.self)
            let windows1252: [UInt8] = page.unicodeScalars.map { scalar in
                switch scalar {
                case "–": 0x96
                case "—": 0x97
                default: UInt8(scalar.value)
                }
            }
            #expect(windows1252.contains(0x96) && windows1252.contains(0x97))
            let (result, store) = try await Self.baselineThen(windows1252, in: folder)
            #expect(result.changes.map(\.kind) == [], "\(result.changes)")
            #expect(result.status == .unchanged)
            #expect(result.warnings.count == 1)
            #expect(result.warnings.first?.contains("read as windows-1252") == true, "\(result.warnings)")
            #expect(try store.history(for: "costbench/luma").count == 1)

            // The warning is in every format of the report.
            let report = Report(
                startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", targets: [result])
            #expect(ReportRenderer.text(report, colour: false).contains("warning: the page says it is UTF-8"))
            #expect(ReportRenderer.markdown(report).contains("Warning: the page says it is UTF-8"))
            let json = String(decoding: try PricewatchJSON.encode(report), as: UTF8.self)
            #expect(try PricewatchJSON.encode(report) == (try ReportJSONTests.encoderText(report)))
            #expect(json.contains("\"warnings\""))
            #expect(try PricewatchJSON.decoder().decode(Report.self, from: Data(json.utf8)) == report)
        }
    }
}
