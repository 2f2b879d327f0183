import Foundation
import PricewatchCore
import Testing

@Suite("pricewatch export: rows, formats, CSV safety")
struct ExporterTests {
    /// A `$amount/mo` price in dollars.
    static func usd(_ amount: String, period: String? = "month", unit: String? = nil) -> Price {
        RecordSamples.price(amount, raw: "$\(amount)/mo", period: period, unit: unit)
    }

    /// A record with a price of every kind a row is made from, and extras, which make no row.
    static let kling = RecordSamples.record(
        target: "costbench/kling-api", fetchedAt: "2026-05-30T09:00:00Z", vendor: "Kling API",
        priceRange: PriceRange(low: usd("4"), high: Price(raw: "Contact sales", kind: .contactSales)),
        plans: [
            Plan(name: "Pro", prices: ["monthly": usd("39"), "annual": usd("390", period: "year")]),
            Plan(name: "Free", prices: ["monthly": Price(raw: "Free", kind: .free, amount: Amount("0"))]),
        ],
        alternatives: [Alternative(name: "Runway", startingPrice: usd("12"), topPrice: nil)],
        extras: ["per_second": .price(usd("0.084", period: nil, unit: "second"))])

    static func record(_ target: String, monthly: String, at time: String, plan: String = "Pro") -> Record {
        Record(
            target: target, site: "s", fetchedAt: time, vendor: "Vendor, Inc.",
            plans: [Plan(name: plan, prices: ["monthly": usd(monthly)])])
    }

    static let history: [Exporter.Entry] = [
        .init(record: record("b/two", monthly: "10", at: "2026-05-01T00:00:00Z")),
        .init(record: record("a/one", monthly: "35", at: "2026-05-12T00:00:00Z")),
        .init(record: record("a/one", monthly: "39", at: "2026-05-30T00:00:00Z")),
    ]

    @Test func latestTakesEachTargetsNewestRecord() throws {
        let rows = try Exporter(format: .json).rows(for: Self.history)
        #expect(rows.map(\.target) == ["a/one", "b/two"])
        #expect(rows.map(\.amount) == [Amount("39"), Amount("10")])
    }

    @Test func historyKeepsEveryRecordInTimeOrderAndSinceFilters() throws {
        let all = try Exporter(format: .json, scope: .history).rows(for: Self.history)
        #expect(all.map(\.seenAt) == ["2026-05-12T00:00:00Z", "2026-05-30T00:00:00Z", "2026-05-01T00:00:00Z"])
        let recent = try Exporter(format: .json, scope: .history, since: "2026-05-12").rows(for: Self.history)
        #expect(recent.map(\.amount) == [Amount("35"), Amount("39")])
    }

    @Test(arguments: ["yesterday", "2026/05/12", "12-05-2026", "2026-05-1x"])
    func badSinceIsRejectedWithTheFormat(since: String) {
        #expect(throws: ExportError.self) { try Exporter(format: .csv, since: since) }
    }

    @Test func everyPriceOfARecordBecomesARow() {
        let rows = ExportRow.rows(of: Self.kling, seenAt: "2026-05-30T09:00:00Z")
        #expect(
            rows.map { "\($0.plan ?? "-") \($0.field)" } == [
                "Pro annual", "Pro monthly", "Free monthly", "- price_range.low", "- price_range.high",
                "Runway alternative.starting_price",
            ])
        #expect(
            rows[1].values == [
                "costbench/kling-api", "Kling API", "Pro", "monthly", "39", "USD", "month", nil, "$39/mo",
                "2026-05-30T09:00:00Z",
            ])
    }

    @Test func jsonAndNDJSONCarryTheSameRows() throws {
        let json = try Exporter(format: .json, scope: .history).export(Self.history)
        let ndjson = try Exporter(format: .ndjson, scope: .history).export(Self.history)
        let array = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let lines = ndjson.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(array.count == 3)
        #expect(lines.count == 3)
        #expect(Set(array[0].keys) == Set(ExportRow.columns))
        #expect(array[0]["unit"] is NSNull)
        #expect(array.map { $0["amount"] as? String } == lines.map { $0?["amount"] as? String })
        #expect(ndjson.hasSuffix("\n"))
    }

    @Test func csvIsRFC4180WithHeaderAndQuoting() throws {
        let tricky = Self.record("a/one", monthly: "5", at: "2026-05-30T00:00:00Z", plan: "Pro \"Max\"\nannual, billed")
        let csv = try Exporter(format: .csv).export([.init(record: tricky)])
        #expect(
            csv == """
                target,vendor,plan,field,amount,currency,period,unit,raw,seen_at\r
                a/one,"Vendor, Inc.","Pro ""Max""
                annual, billed",monthly,5,USD,month,,$5/mo,2026-05-30T00:00:00Z\r

                """)
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+1", "'+1"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("Pro", "Pro"), ("a=b", "a=b"),
        // U+0605 and the comma after it are one Character: the cell is still quoted.
        ("\u{605},x", "\"\u{605},x\""),
    ])
    func formulaLikeCellsAreDefused(plan: String, cell: String) throws {
        let csv = try Exporter(format: .csv).export([
            .init(record: Self.record("a/one", monthly: "5", at: "2026-05-30T00:00:00Z", plan: plan))
        ])
        let dataLine = try #require(csv.components(separatedBy: "\r\n").dropFirst().first)
        #expect(dataLine.hasPrefix("a/one,\"Vendor, Inc.\",\(cell),monthly,"))
    }
}
