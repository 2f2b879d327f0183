import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// Reports, change sets and `last-seen.json` are written and read without Foundation's coders, which are the
/// reference.
@Suite struct ReportJSONTests {
    static func changeValue(_ random: inout SplitMix64) -> ChangeValue? {
        switch random.next() % 6 {
        case 0: nil
        case 1: .text(RecordJSONTests.text(&random))
        case 2: .price(RecordJSONTests.price(&random))
        case 3: .priceRange(PriceRange(low: RecordJSONTests.price(&random), high: RecordJSONTests.price(&random)))
        case 4: .list((0..<Int(random.next() % 3)).map { _ in RecordJSONTests.text(&random) })
        default:
            .alternative(
                Alternative(
                    name: RecordJSONTests.text(&random), startingPrice: RecordJSONTests.price(&random), topPrice: nil))
        }
    }

    static func change(_ random: inout SplitMix64) -> Change {
        let amounts = [nil, "0.08", "-12.5", "100"]
        return Change(
            target: "site/\(random.next() % 9)", kind: Change.Kind.allCases[Int(random.next() % 9)],
            plan: RecordJSONTests.maybe(&random), field: RecordJSONTests.maybe(&random),
            feature: RecordJSONTests.maybe(&random), old: changeValue(&random), new: changeValue(&random),
            delta: amounts[Int(random.next() % 4)].flatMap { Amount($0) },
            deltaPercent: amounts[Int(random.next() % 4)].flatMap { Amount($0) },
            message: RecordJSONTests.maybe(&random))
    }

    static func encoderText<T: Encodable>(_ value: T) throws -> Data {
        try PricewatchJSON.encoder().encode(value) + [0x0A]
    }

    @Test func reportsAreTheEncodersText() throws {
        var random = SplitMix64(seed: 0x4E9)
        let statuses: [Report.Status] = [.new, .unchanged, .changed, .failed]
        for _ in 0..<200 {
            let targets = (0..<Int(random.next() % 5)).map { index in
                Report.TargetResult(
                    id: "site/\(index)", url: RecordJSONTests.maybe(&random), vendor: RecordJSONTests.maybe(&random),
                    status: statuses[Int(random.next() % 4)],
                    changes: (0..<Int(random.next() % 4)).map { _ in Self.change(&random) },
                    error: RecordJSONTests.maybe(&random),
                    warnings: (0..<Int(random.next() % 3)).map { _ in RecordJSONTests.text(&random) })
            }
            let report = Report(
                startedAt: RecordJSONTests.text(&random), finishedAt: "2026-11-24T00:00:01Z", targets: targets)
            #expect(try PricewatchJSON.encode(report) == (try Self.encoderText(report)))
            let changes = ChangeSet(target: "site/1", changes: targets.flatMap(\.changes))
            #expect(try PricewatchJSON.encode(changes) == (try Self.encoderText(changes)))
        }
    }

    @Test func lastSeenIsTheEncodersTextAndReadsBack() throws {
        var random = SplitMix64(seed: 0x1A57)
        for size in [0, 1, 40] {
            var lastSeen: [String: String] = [:]
            for index in 0..<size { lastSeen["site-\(random.next() % 7)/t\(index)"] = RecordJSONTests.text(&random) }
            let written = try PricewatchJSON.encode(lastSeen)
            #expect(written == (try Self.encoderText(lastSeen)))
            #expect(try PricewatchJSON.decode([String: String].self, from: Array(written)) == lastSeen)
            #expect(JSONLayoutTests.fastRead([String: String].self, Array(written)) == lastSeen)
        }
        #expect(JSONLayoutTests.fastRead([String: String].self, Array(#"{"a":"x","b":null}"#.utf8)) == nil)
        #expect(JSONLayoutTests.fastRead([String: String].self, Array(#"["a"]"#.utf8)) == nil)
    }
}
