import Foundation
import PricewatchCore
import PricewatchHTML
import PricewatchReport

/// A written report parsed back with libxml2, for tests to query.
struct ParsedReport {
    let html: String
    let document: HTMLDocument

    init(_ store: SnapshotStore, options: HTMLReport.Options = .init(locale: Locale(identifier: "en_US"))) throws {
        html = try HTMLReport(options: options).render(from: store)
        document = try HTMLDocument(html: html)
    }

    func nodes(_ xpath: String) throws -> [HTMLNode] {
        try document.select(xpath)
    }

    func texts(_ xpath: String) throws -> [String] {
        try nodes(xpath).map(\.text)
    }

    /// The markers of the chart of one plan's field: date, old and new value as the SVG states them.
    func markers(plan: String, field: String) throws -> [ExpectedMarker] {
        let charts = try nodes("//figure[@class='chart']").filter {
            $0.attribute("data-plan") == plan && $0.attribute("data-field") == field
        }
        guard charts.count == 1 else { throw ReportTestFailure("\(charts.count) charts for \(plan) \(field)") }
        return try charts[0].select(".//circle").map {
            ExpectedMarker(
                date: $0.attribute("data-date") ?? "?", old: $0.attribute("data-old") ?? "?",
                new: $0.attribute("data-new") ?? "?")
        }
    }
}

/// A chart marker: when, and the exact value before and after ("" for none).
struct ExpectedMarker: Hashable, CustomStringConvertible {
    var date: String
    var old: String
    var new: String

    var description: String { "\(date): '\(old)' → '\(new)'" }

    /// The markers a chart must show, worked out from the stored history directly: one for every version
    /// (first seen at or after `since`) whose price for the plan's field differs in meaning from the version
    /// before, the plan or field appearing or vanishing included.
    static func fromHistory(_ history: [HistoryEntry], plan: String, field: String, since: String? = nil) -> [Self] {
        func price(_ entry: HistoryEntry) -> Price? {
            entry.record.plans.first { $0.name.lowercased() == plan.lowercased() }?.prices[field]
        }
        func value(_ price: Price?) -> String { price.map { $0.amount?.description ?? $0.raw } ?? "" }
        return zip(history, history.dropFirst()).compactMap { before, after in
            if let since, after.firstSeen < since { return nil }
            let (old, new) = (price(before), price(after))
            if old == nil && new == nil { return nil }
            if let old, let new, old.isEquivalent(to: new) { return nil }
            return ExpectedMarker(date: after.firstSeen, old: value(old), new: value(new))
        }
    }
}

struct ReportTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
