import Foundation
import PricewatchCore
import Testing

private typealias S = RecordSamples

/// One differ scenario: two records, options, and exactly the changes expected.
struct DiffCase: CustomTestStringConvertible, Sendable {
    var name: String
    var old: [Plan]
    var new: [Plan]
    var options = DiffOptions()
    var expected: [Change]
    var testDescription: String { name }
}

private let target = "costbench/example"
private let pro35 = S.price("35", raw: "$35/mo", period: "month")

private func priceChange(
    _ plan: String, _ field: String, _ old: Price?, _ new: Price?, delta: String? = nil, percent: String? = nil
) -> Change {
    Change(
        target: target, kind: .priceChanged, plan: plan, field: field, old: old.map(ChangeValue.price),
        new: new.map(ChangeValue.price), delta: delta.map { Amount(S.decimal($0)) },
        deltaPercent: percent.map { Amount(S.decimal($0)) })
}

private let planCases: [DiffCase] = [
    DiffCase(
        name: "same price spelled differently is no change",
        old: [Plan(name: "Pro", prices: ["monthly": pro35])],
        new: [Plan(name: "Pro", prices: ["monthly": S.price("35", raw: "$35 /month", period: "month")])],
        expected: []),
    DiffCase(
        name: "price rise with delta and percent",
        old: [Plan(name: "Pro", prices: ["monthly": pro35])],
        new: [Plan(name: "Pro", prices: ["monthly": S.price("42", raw: "$42/mo", period: "month")])],
        expected: [
            priceChange(
                "Pro", "monthly", pro35, S.price("42", raw: "$42/mo", period: "month"), delta: "7", percent: "20")
        ]),
    DiffCase(
        name: "price cut rounds the percent to one place",
        old: [Plan(name: "Pro", prices: ["annual": S.price("30", raw: "$30", period: "month")])],
        new: [Plan(name: "Pro", prices: ["annual": S.price("20", raw: "$20", period: "month")])],
        expected: [
            priceChange(
                "Pro", "annual", S.price("30", raw: "$30", period: "month"), S.price("20", raw: "$20", period: "month"),
                delta: "-10", percent: "-33.3")
        ]),
    DiffCase(
        name: "period change has no delta",
        old: [Plan(name: "Pro", prices: ["monthly": pro35])],
        new: [Plan(name: "Pro", prices: ["monthly": S.price("35", raw: "$35/yr", period: "year")])],
        expected: [priceChange("Pro", "monthly", pro35, S.price("35", raw: "$35/yr", period: "year"))]),
    DiffCase(
        name: "currency change has no delta",
        old: [Plan(name: "Pro", prices: ["monthly": pro35])],
        new: [Plan(name: "Pro", prices: ["monthly": S.price("35", raw: "€35/mo", currency: "EUR", period: "month")])],
        expected: [
            priceChange("Pro", "monthly", pro35, S.price("35", raw: "€35/mo", currency: "EUR", period: "month"))
        ]),
    DiffCase(
        name: "from zero has a delta but no percent",
        old: [Plan(name: "Starter", prices: ["monthly": S.price("0", raw: "$0/mo", period: "month")])],
        new: [Plan(name: "Starter", prices: ["monthly": S.price("10", raw: "$10/mo", period: "month")])],
        expected: [
            priceChange(
                "Starter", "monthly", S.price("0", raw: "$0/mo", period: "month"),
                S.price("10", raw: "$10/mo", period: "month"), delta: "10")
        ]),
    DiffCase(
        name: "price field appearing and disappearing",
        old: [Plan(name: "Pro", prices: ["monthly": pro35])],
        new: [Plan(name: "Pro", prices: ["annual": S.price("29", raw: "$29/mo", period: "month")])],
        expected: [
            priceChange("Pro", "monthly", pro35, nil),
            priceChange("Pro", "annual", nil, S.price("29", raw: "$29/mo", period: "month")),
        ]),
    DiffCase(
        name: "reordered plans and features are no change",
        old: [
            Plan(name: "Free", features: ["A", "B"]),
            Plan(name: "Pro", prices: ["monthly": pro35], features: ["C", "D"]),
        ],
        new: [
            Plan(name: "Pro", prices: ["monthly": pro35], features: ["D", "C"]),
            Plan(name: "Free", features: ["B", "A"]),
        ],
        expected: []),
    DiffCase(
        name: "case and spacing in plan names and features are no change",
        old: [Plan(name: "Team  Plan", prices: ["monthly": pro35], features: ["Unlimited  seats", "SSO"])],
        new: [Plan(name: "team plan\n", prices: ["monthly": pro35], features: ["unlimited seats", " sso "])],
        expected: []),
    DiffCase(
        name: "plan added carries its main price, without its features",
        old: [Plan(name: "Pro", prices: ["monthly": pro35])],
        new: [
            Plan(name: "Pro", prices: ["monthly": pro35]),
            Plan(
                name: "Team",
                prices: [
                    "annual": S.price("24", raw: "$24/mo", period: "month"),
                    "monthly": S.price("28", raw: "$28/mo", period: "month"),
                ],
                features: ["SSO"]),
        ],
        expected: [
            Change(
                target: target, kind: .planAdded, plan: "Team", field: "monthly",
                new: .price(S.price("28", raw: "$28/mo", period: "month")))
        ]),
    DiffCase(
        name: "plan removed without prices, and without its features",
        old: [Plan(name: "Pro", prices: ["monthly": pro35], features: ["X"]), Plan(name: "Legacy", features: ["Y"])],
        new: [Plan(name: "Pro", prices: ["monthly": pro35], features: ["X"])],
        expected: [Change(target: target, kind: .planRemoved, plan: "Legacy")]),
    DiffCase(
        name: "plan removed with prices carries its main price",
        old: [Plan(name: "Pro", prices: ["monthly": pro35]), Plan(name: "Free")],
        new: [Plan(name: "Free")],
        expected: [Change(target: target, kind: .planRemoved, plan: "Pro", field: "monthly", old: .price(pro35))]),
    DiffCase(
        name: "features added and removed per plan",
        old: [Plan(name: "Pro", features: ["SSO", "Audit log"])],
        new: [Plan(name: "PRO", features: ["SSO", "API access"])],
        expected: [
            Change(target: target, kind: .featureAdded, plan: "PRO", feature: "API access"),
            Change(target: target, kind: .featureRemoved, plan: "PRO", feature: "Audit log"),
        ]),
    DiffCase(
        name: "best-for is a per-plan field",
        old: [Plan(name: "Pro", bestFor: "Small teams")],
        new: [Plan(name: "Pro", bestFor: "Growing teams")],
        expected: [
            Change(
                target: target, kind: .fieldChanged, plan: "Pro", field: "best_for", old: .text("Small teams"),
                new: .text("Growing teams"))
        ]),
    DiffCase(
        name: "below the threshold is not reported",
        old: [Plan(name: "Pro", prices: ["monthly": S.price("100", raw: "$100", period: "month")])],
        new: [Plan(name: "Pro", prices: ["monthly": S.price("102", raw: "$102", period: "month")])],
        options: DiffOptions(minChangePercent: 5), expected: []),
    DiffCase(
        name: "a move exactly at the threshold is reported",
        old: [Plan(name: "Pro", prices: ["monthly": S.price("100", raw: "$100", period: "month")])],
        new: [Plan(name: "Pro", prices: ["monthly": S.price("95", raw: "$95", period: "month")])],
        options: DiffOptions(minChangePercent: 5),
        expected: [
            priceChange(
                "Pro", "monthly", S.price("100", raw: "$100", period: "month"),
                S.price("95", raw: "$95", period: "month"), delta: "-5", percent: "-5")
        ]),
    DiffCase(
        name: "kind changes ignore the threshold",
        old: [Plan(name: "Pro", prices: ["monthly": S.custom])],
        new: [Plan(name: "Pro", prices: ["monthly": pro35])],
        options: DiffOptions(minChangePercent: 50),
        expected: [priceChange("Pro", "monthly", S.custom, pro35)]),
    DiffCase(
        name: "ignored price field and features",
        old: [
            Plan(name: "Pro", prices: ["monthly": pro35, "annual_total": S.price("300", raw: "$300")], features: ["A"])
        ],
        new: [
            Plan(name: "Pro", prices: ["monthly": pro35, "annual_total": S.price("360", raw: "$360")], features: ["B"])
        ],
        options: DiffOptions(ignoredFields: ["annual_total", "features"]), expected: []),
]

@Suite("Differ")
struct DifferTests {
    @Test(arguments: planCases)
    func planChanges(_ scenario: DiffCase) {
        let old = S.record(plans: scenario.old), new = S.record(fetchedAt: "2026-06-02T06:00:00Z", plans: scenario.new)
        #expect(Differ(options: scenario.options).changes(from: old, to: new) == scenario.expected)
    }

    @Test("Luma v1 → v2: exactly last-verified, one price kind change, one feature in, one out")
    func lumaFixtureScenario() {
        let changes = Differ().changes(from: S.lumaV1, to: S.lumaV2)
        let luma = S.lumaTarget
        #expect(
            changes == [
                Change(target: luma, kind: .lastVerifiedChanged, old: .text("2026-05-30"), new: .text("2026-06-14")),
                Change(
                    target: luma, kind: .priceChanged, plan: S.ray2Flash, field: "monthly", old: .price(S.custom),
                    new: .price(S.ray2FlashNewMonthly)),
                Change(target: luma, kind: .featureAdded, plan: S.ray314, feature: S.draftMode),
                Change(target: luma, kind: .featureRemoved, plan: S.enterprise, feature: S.teamManagement),
            ])
    }

    @Test("a noisy re-render of Luma v2 gives the same four changes")
    func lumaNoisyRerender() {
        var noisy = S.lumaV2
        noisy.plans.reverse()
        noisy.plans = noisy.plans.map { plan in
            var plan = plan
            plan.name = "  " + plan.name.replacingOccurrences(of: " ", with: "  ") + "\n"
            plan.features = plan.features.reversed().map { " \($0.uppercased())  " }
            plan.prices = plan.prices.mapValues { price in
                var price = price
                price.raw = price.raw.replacingOccurrences(of: "/", with: " / ")
                return price
            }
            return plan
        }
        noisy.alternatives.reverse()
        noisy.vendor = "Luma  Dream Machine API "
        let kinds = Differ().changes(from: S.lumaV1, to: noisy).map(\.kind)
        // The same four changes, listed in the new record's (reversed) plan order.
        #expect(kinds == [.lastVerifiedChanged, .featureRemoved, .featureAdded, .priceChanged])
        #expect(Differ().changes(from: S.lumaV2, to: noisy) == [])
    }

    @Test("record fields, alternatives and extras")
    func fieldAndAlternativeChanges() {
        let kling = S.lumaAlternatives[1]
        var old = S.lumaV1, new = S.lumaV1
        old.extras = ["regions": .list(["US", "EU"])]
        new.vendor = "Luma AI Dream Machine API"
        new.freeTier = nil
        new.priceRange = PriceRange(
            low: S.price("4", raw: "$4"), high: S.price("800", raw: "$800/usage", unit: "usage"))
        new.extras = ["regions": .list(["eu", "APAC", "us"])]
        var cheaperKling = kling
        cheaperKling.startingPrice = S.price("0.07", raw: "$0.07/per second of video", unit: "second")
        let runway = Alternative(
            name: "Runway API", startingPrice: S.price("0.05", raw: "$0.05/per second", unit: "second"))
        new.alternatives = [runway, S.lumaAlternatives[3], cheaperKling, S.lumaAlternatives[2]]

        let luma = S.lumaTarget
        #expect(
            Differ().changes(from: old, to: new) == [
                Change(
                    target: luma, kind: .fieldChanged, field: "vendor", old: .text("Luma Dream Machine API"),
                    new: .text("Luma AI Dream Machine API")),
                Change(target: luma, kind: .fieldChanged, field: "free_tier", old: old.freeTier.map(ChangeValue.text)),
                Change(
                    target: luma, kind: .fieldChanged, field: "price_range",
                    old: old.priceRange.map(ChangeValue.priceRange),
                    new: new.priceRange.map(ChangeValue.priceRange)),
                Change(
                    target: luma, kind: .fieldChanged, field: "extras.regions", old: .list(["US", "EU"]),
                    new: .list(["eu", "APAC", "us"])),
                Change(
                    target: luma, kind: .fieldChanged, field: "alternatives.Kling API.starting_price",
                    old: kling.startingPrice.map(ChangeValue.price),
                    new: cheaperKling.startingPrice.map(ChangeValue.price),
                    delta: Amount(S.decimal("-0.014")), deltaPercent: Amount(S.decimal("-16.7"))),
                Change(target: luma, kind: .fieldChanged, field: "alternatives.Runway API", new: .alternative(runway)),
                Change(
                    target: luma, kind: .fieldChanged, field: "alternatives.Black Forest Labs (Flux)",
                    old: .alternative(S.lumaAlternatives[0])),
            ])

        let quiet = Differ(
            options: DiffOptions(ignoredFields: ["vendor", "free_tier", "price_range", "extras", "alternatives"]))
        #expect(quiet.changes(from: old, to: new) == [])
    }

    @Test("output order: last-verified, plans in new order, added, removed, fields, alternatives")
    func outputOrder() {
        let old = S.record(
            vendor: "Old", lastVerified: "2026-01-01",
            plans: [
                Plan(name: "B", prices: ["monthly": pro35], bestFor: "x", features: ["b1"]),
                Plan(name: "A", prices: ["monthly": pro35]),
                Plan(name: "Gone"),
            ],
            alternatives: [Alternative(name: "Alt")])
        let new = S.record(
            vendor: "New", lastVerified: "2026-02-01",
            plans: [
                Plan(name: "A", prices: ["monthly": S.custom], features: ["a1"]),
                Plan(name: "New"),
                Plan(name: "B", prices: ["annual": pro35, "monthly": S.custom], bestFor: "y"),
            ])
        let summary = Differ().changes(from: old, to: new).map {
            [$0.kind.rawValue, $0.plan ?? "", $0.field ?? $0.feature ?? ""]
        }
        #expect(
            summary == [
                ["last_verified_changed", "", ""],
                ["price_changed", "A", "monthly"], ["feature_added", "A", "a1"],
                ["price_changed", "B", "monthly"], ["price_changed", "B", "annual"], ["feature_removed", "B", "b1"],
                ["plan_added", "New", ""], ["plan_removed", "Gone", ""],
                ["field_changed", "", "vendor"], ["field_changed", "B", "best_for"],
                ["field_changed", "", "alternatives.Alt"],
            ])
    }

    @Test("ignoring last_verified and whole price groups")
    func ignoreLists() {
        let quiet = Differ(options: DiffOptions(ignoredFields: ["last_verified", "prices", "best_for"]))
        var new = S.lumaV2
        new.plans[2].bestFor = "Studios"
        let kinds = quiet.changes(from: S.lumaV1, to: new).map(\.kind)
        #expect(kinds == [.featureAdded, .featureRemoved])
    }

    @Test("compare: baseline, unchanged, changed")
    func compareOutcomes() {
        let differ = Differ()
        #expect(differ.compare(old: nil, new: S.lumaV1) == .baseline)
        var refetched = S.lumaV1
        refetched.fetchedAt = "2026-06-02T06:00:00Z"
        #expect(differ.compare(old: S.lumaV1, new: refetched) == .unchanged)
        let changed = differ.compare(old: S.lumaV1, new: S.lumaV2)
        #expect(changed == .changed(differ.changes(from: S.lumaV1, to: S.lumaV2)))
        #expect(changed.status == .changed && changed.changes.count == 4)
        #expect(differ.compare(old: nil, new: S.lumaV1).status == .new)
        #expect(differ.compare(old: nil, new: S.lumaV1).changes.isEmpty)
    }

    @Test("a page that suddenly yields no plans is extraction_failed, not plans removed")
    func brokenPage() throws {
        var broken = S.lumaV2
        broken.plans = []
        let outcome = Differ().compare(old: S.lumaV1, new: broken)
        guard case .broken(let change) = outcome else {
            Issue.record("expected .broken, got \(outcome)")
            return
        }
        #expect(change.kind == .extractionFailed)
        #expect(outcome.status == .failed && outcome.changes == [change])
        #expect(change.target == S.lumaTarget)
        let message = try #require(change.message)
        #expect(message.contains("no plans") && message.contains("4") && message.contains("selectors.yml"))
        // Without the guard the same records would read as four removed plans.
        #expect(Differ().changes(from: S.lumaV1, to: broken).filter { $0.kind == .planRemoved }.count == 4)
        // A target that never had plans is not broken by having none.
        var planless = S.lumaV1
        planless.plans = []
        #expect(Differ().compare(old: planless, new: broken) == .changed(Differ().changes(from: planless, to: broken)))
    }

    @Test("failure changes for the extractor and the fetcher, in the changes/1 JSON shape")
    func failureChanges() throws {
        let extraction = Change.extractionFailed(
            target: "costbench/kling-api", message: "required field 'plans' missing")
        let fetch = Change.fetchFailed(target: "costbench/kling-api", message: "HTTP 503 from 127.0.0.1")
        #expect(extraction.kind == .extractionFailed && fetch.kind == .fetchFailed)
        let json = try #require(String(data: PricewatchJSON.encode(fetch, pretty: false), encoding: .utf8))
        #expect(
            json == #"{"kind":"fetch_failed","message":"HTTP 503 from 127.0.0.1","target":"costbench/kling-api"}"#
                + "\n")

        let rise = Differ().changes(
            from: S.record(plans: [Plan(name: "Pro", prices: ["monthly": pro35])]),
            to: S.record(plans: [Plan(name: "Pro", prices: ["monthly": S.price("42", raw: "$42/mo", period: "month")])])
        )
        let riseJSON = try #require(String(data: PricewatchJSON.encode(rise, pretty: false), encoding: .utf8))
        #expect(riseJSON.contains(#""delta":"7","delta_pct":"20""#))
    }
}
