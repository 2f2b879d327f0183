import Foundation
import PricewatchCore
import PricewatchReport

/// `pricewatch report` over made-up histories stored through `SnapshotStore` as `check` stores them: time
/// to read and render, and the file's size, for 1,000 targets × 50 versions and 100 targets × 365 (a year
/// of daily checks in which every check found something new: at least a re-verified page), with a price
/// move every two weeks per target, and the same year with a price move in every version as the worst case.
func runReportBenchmark() throws -> [Figure] {
    print("\nreport: writing snapshot histories, then timing `pricewatch report` over them")
    var figures: [Figure] = []
    for (targets, versions, priceEvery) in [(1_000, 50, 14), (100, 365, 14), (100, 365, 1)] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-report-bench-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = SnapshotStore(directory: folder, durability: .batched)
        try writeHistories(store, targets: targets, versions: versions, priceEvery: priceEvery)
        try store.synchronize()
        let report = try HTMLReport(options: .init(locale: Locale(identifier: "en_US")))
        var html = ""
        let runs = try (0..<3).map { _ in
            try ContinuousClock().measure { html = try report.render(from: store) }.benchmarkSeconds
        }
        let megabytes = Double(html.utf8.count) / 1_048_576
        let figure = Figure(
            "report: \(targets) × \(versions) versions, price move every \(priceEvery) d",
            seconds: median(runs),
            pages: targets, note: String(format: "%.2f MB of HTML", megabytes))
        print("  " + figure.line)
        figures.append(figure)
    }
    return figures
}

/// Stores `versions` daily versions per target. Each day the page is re-verified; every `priceEvery` days one
/// plan's monthly price moves (and its annual price with it), every 30th day a feature comes or goes, and one
/// plan spends 30 days at "Contact sales" in each 90, so the report draws steps, markers, gaps and a change
/// log on every target.
private func writeHistories(_ store: SnapshotStore, targets: Int, versions: Int, priceEvery: Int) throws {
    let start = Date(timeIntervalSince1970: 1_767_268_800)  // 2026-01-01T12:00:00Z
    for target in 0..<targets {
        let id = "bench/vendor-\(target)"
        var prices = [9, 29, 79, 249].map { Decimal($0 + target % 7) }
        var extraFeatures = 0
        for day in 0..<versions {
            if day > 0 && day % priceEvery == 0 {
                let move = day / priceEvery
                prices[(move + target) % prices.count] += move % 2 == 0 ? 2 : -1
            }
            if day > 0 && day % 30 == 0 { extraFeatures = (extraFeatures + 1) % 4 }
            let time = start.addingTimeInterval(Double(day) * 86_400)
            let plans = prices.enumerated().map { index, monthly in
                let contactSales = index == 3 && day % 90 >= 60
                let price =
                    contactSales
                    ? Price(raw: "Contact sales", kind: .contactSales)
                    : Price(
                        raw: "$\(monthly)/mo", kind: .amount, amount: Amount(monthly), currency: "USD", period: "month")
                let annual = Amount(monthly * 10)
                return Plan(
                    name: ["Starter", "Pro", "Team", "Enterprise"][index],
                    prices: [
                        "monthly": price,
                        "annual": Price(
                            raw: "$\(annual)/yr", kind: .amount, amount: annual, currency: "USD", period: "year"),
                    ],
                    features: ["Projects", "Support", "API access"]
                        + (0..<extraFeatures).map { "Extra feature \($0 + 1)" })
            }
            let record = Record(
                target: id, site: "bench", url: "https://vendor-\(target).example/pricing",
                fetchedAt: Timestamp.string(from: time), vendor: "Vendor \(target)",
                lastVerified: String(Timestamp.string(from: time).prefix(10)), plans: plans)
            try store.save(record, page: Array("<html>\(day)</html>".utf8), at: time, validators: nil)
        }
    }
}
