import Foundation
import PricewatchTestSupport
import PricewatchCore

/// Realistic model values shared by the tests, built from what the diff engine produces.
enum Samples {
    static let repository = TestLocations.repository

    static func usd(_ amount: String, period: String? = "month", unit: String? = nil) -> Price {
        Price(raw: "$\(amount)/mo", kind: .amount, amount: Amount(amount), currency: "USD", period: period, unit: unit)
    }

    static let record = Record(
        target: "costbench/kling-api", site: "costbench", url: "https://example.com/kling",
        fetchedAt: "2026-05-30T09:00:00Z", vendor: "Kling API", lastVerified: "2026-05-30", freeTier: nil,
        priceRange: PriceRange(low: usd("4"), high: Price(raw: "Contact sales", kind: .contactSales)),
        plans: [
            Plan(
                name: "Pro", prices: ["monthly": usd("39"), "annual": usd("390", period: "year")], bestFor: "Teams",
                features: ["4K export", "API access"]),
            Plan(name: "Free", prices: ["monthly": Price(raw: "Free", kind: .free, amount: Amount("0"))]),
        ],
        alternatives: [Alternative(name: "Runway", startingPrice: usd("12"), topPrice: nil)],
        extras: [
            "regions": .list(["us", "eu"]), "note": .text("beta"),
            "per_second": .price(usd("0.084", period: nil, unit: "second")),
        ])

    static let priceIncrease = Change(
        target: "costbench/kling-api", kind: .priceChanged, plan: "Pro", field: "monthly",
        old: .price(usd("35")), new: .price(usd("39")), delta: Amount("4"), deltaPercent: Amount("11.4"))

    static let changes: [Change] = [
        priceIncrease,
        Change(target: "costbench/kling-api", kind: .planAdded, plan: "Team", new: .price(usd("28"))),
        Change(target: "costbench/kling-api", kind: .planRemoved, plan: "Starter"),
        Change(target: "costbench/kling-api", kind: .featureAdded, plan: "Pro", feature: "4K export"),
        Change(
            target: "costbench/kling-api", kind: .lastVerifiedChanged, field: "last_verified",
            old: .text("2026-05-12"), new: .text("2026-05-30")),
        Change(
            target: "costbench/kling-api", kind: .fieldChanged, field: "free_tier", old: .text("10 credits"),
            new: .text("none")),
        Change(
            target: "costbench/kling-api", kind: .fieldChanged, field: "price_range",
            old: .priceRange(PriceRange(low: usd("4"), high: usd("500"))),
            new: .priceRange(PriceRange(low: usd("5"), high: usd("500")))),
        Change(
            target: "costbench/kling-api", kind: .fieldChanged, field: "alternatives",
            old: .alternative(Alternative(name: "Runway", startingPrice: usd("12"))), new: .list(["Pika", "Runway"])),
    ]

    static let failure = Change(
        target: "lumalabs/dream-machine", kind: .extractionFailed, message: "plans matched nothing")

    static func report(_ targets: [Report.TargetResult]) -> Report {
        Report(startedAt: "2026-05-30T09:00:00Z", finishedAt: "2026-05-30T09:00:05Z", targets: targets)
    }

    static let mixedReport = report([
        .init(
            id: "costbench/kling-api", url: "https://example.com/kling", vendor: "Kling API", status: .changed,
            changes: changes),
        .init(
            id: "costbench/fal-ai", url: "https://example.com/fal", vendor: "fal.ai", status: .unchanged,
            warnings: ["the page says it is UTF-8 (Content-Type header) but 2 of its bytes are not"]),
        .init(
            id: "lumalabs/dream-machine", url: "https://lumalabs.ai/dream-machine/pricing", vendor: nil,
            status: .failed,
            changes: [failure], error: "plans matched nothing"),
    ])

    static let quietReport = report([
        .init(id: "costbench/kling-api", url: "https://example.com/kling", vendor: "Kling API", status: .unchanged),
        .init(id: "costbench/fal-ai", url: "https://example.com/fal", vendor: "fal.ai", status: .new),
    ])
}
