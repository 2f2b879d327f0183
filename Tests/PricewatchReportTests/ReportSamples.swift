import Foundation
import PricewatchCore

/// Snapshot folders with made-up histories for the report tests: versions stored through `SnapshotStore`
/// exactly as `check` stores them, at chosen times.
struct SampleHistory {
    let store: SnapshotStore

    init(folder: URL) {
        store = SnapshotStore(directory: folder, durability: .processCrashSafe)
    }

    /// Stores `record` as seen at `day` (`YYYY-MM-DD`, noon UTC): a new version when it differs.
    func save(_ record: Record, on day: String) throws {
        var seen = record
        seen.fetchedAt = day + "T12:00:00Z"
        try store.save(seen, page: Array("<html>\(day)</html>".utf8), at: Self.date(day), validators: nil)
    }

    static func date(_ day: String) -> Date {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        var components = DateComponents()
        (components.year, components.month, components.day, components.hour) = (parts[0], parts[1], parts[2], 12)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)!
    }

    /// Marks targets as failing, as `check` does after a run in which they failed.
    func fail(_ ids: [(id: String, kind: Change.Kind)], on day: String) throws {
        let results = ids.map { id, kind in
            Report.TargetResult(
                id: id, url: nil, status: .failed,
                changes: [Change(target: id, kind: kind, message: "HTTP 503 from the server")],
                error: kind == .fetchFailed ? "HTTP 503 from the server" : "required field 'plans' matched nothing")
        }
        try store.recordFailures(
            of: Report(startedAt: day + "T12:00:00Z", finishedAt: day + "T12:01:00Z", targets: results),
            at: day + "T12:00:00Z")
    }
}

/// Prices as a page states them.
func amount(_ value: String, _ currency: String = "USD", period: String? = "month", unit: String? = nil) -> Price {
    Price(
        raw: "\(currency) \(value)", kind: .amount, amount: Amount(value), currency: currency, period: period,
        unit: unit)
}

func custom(_ words: String = "Contact sales") -> Price {
    Price(raw: words, kind: .contactSales)
}

func record(
    _ id: String, vendor: String, url: String? = nil, verified: String? = nil, plans: [Plan]
) -> Record {
    Record(
        target: id, site: "sample", url: url ?? "https://\(id.replacingOccurrences(of: "/", with: "."))/pricing",
        fetchedAt: "", vendor: vendor, lastVerified: verified, plans: plans)
}

extension SampleHistory {
    /// Five vendors over 2026: price rises and cuts, a plan that goes to "Contact sales" and back, plans
    /// added and removed, feature changes, a euro vendor whose fetch fails, one whose extraction fails.
    func writeShowcase() throws {
        let acme = { (pro: String, team: Price?, enterprise: Bool, features: [String], verified: String) in
            var plans = [
                Plan(
                    name: "Starter", prices: ["monthly": amount("19"), "annual": amount("190", period: "year")],
                    features: ["1 project", "Community support"]),
                Plan(
                    name: "Pro", prices: ["monthly": amount(pro), "annual": amount("490", period: "year")],
                    features: features),
            ]
            if let team { plans.append(Plan(name: "Team", prices: ["monthly": team], features: ["SSO"])) }
            if enterprise { plans.append(Plan(name: "Enterprise", prices: ["monthly": custom()], features: ["SLA"])) }
            return record("acme/cloud", vendor: "Acme Cloud", verified: verified, plans: plans)
        }
        try save(acme("49", amount("99"), false, ["10 projects", "Email support"], "2026-01-05"), on: "2026-01-05")
        try save(acme("59", amount("99"), false, ["10 projects", "Email support"], "2026-03-02"), on: "2026-03-02")
        try save(acme("59", custom(), true, ["10 projects", "Email support"], "2026-05-11"), on: "2026-05-11")
        try save(
            acme("59", amount("129"), true, ["Unlimited projects", "Email support"], "2026-08-17"), on: "2026-08-17")
        try save(
            acme("54", amount("129"), true, ["Unlimited projects", "Email support"], "2026-10-06"), on: "2026-10-06")
        try save(
            acme("54", amount("129"), true, ["Unlimited projects", "Email support"], "2026-10-06"), on: "2026-11-30")

        let pixel = { (price: String, hd: String?, verified: String) in
            var plans = [Plan(name: "Standard", prices: ["per_image": amount(price, period: nil, unit: "image")])]
            if let hd { plans.append(Plan(name: "HD", prices: ["per_image": amount(hd, period: nil, unit: "image")])) }
            return record("pixel/image-api", vendor: "Pixel AI", verified: verified, plans: plans)
        }
        try save(pixel("0.04", nil, "2026-02-01"), on: "2026-02-01")
        try save(pixel("0.035", "0.08", "2026-04-20"), on: "2026-04-20")
        try save(pixel("0.03", "0.08", "2026-07-01"), on: "2026-07-01")
        try save(pixel("0.03", "0.065", "2026-09-14"), on: "2026-09-14")
        try save(pixel("0.03", "0.065", "2026-11-29"), on: "2026-11-30")

        let nimbus = { (basic: String) in
            record(
                "nimbus/storage", vendor: "Nimbus Storage", verified: "2026-06-01",
                plans: [
                    Plan(name: "Basic", prices: ["monthly": amount(basic, "EUR")]),
                    Plan(name: "Business", prices: ["monthly": amount("24.90", "EUR")]),
                ])
        }
        try save(nimbus("4.99"), on: "2026-01-10")
        try save(nimbus("5.99"), on: "2026-06-01")
        try save(nimbus("5.99"), on: "2026-09-01")

        let orbit = record(
            "orbit/analytics", vendor: "Orbit Analytics", verified: "2026-11-02",
            plans: [
                Plan(name: "Free", prices: ["monthly": Price(raw: "Free", kind: .free)]),
                Plan(name: "Growth", prices: ["monthly": amount("150")]),
            ])
        try save(orbit, on: "2026-01-03")
        try save(orbit, on: "2026-11-30")

        let kite = record(
            "kite/crm", vendor: "Kite CRM", verified: "2026-03-01",
            plans: [
                Plan(name: "Seat", prices: ["monthly": amount("12", unit: "user")])
            ])
        try save(kite, on: "2026-03-01")
        try save(kite, on: "2026-11-10")
        try fail([("nimbus/storage", .fetchFailed)], on: "2026-09-08")
        try fail([("nimbus/storage", .fetchFailed), ("kite/crm", .extractionFailed)], on: "2026-11-12")
    }
}
