import Foundation
import Testing

@testable import PricewatchCore

/// `Record.contentFingerprint` must change with every content field and with nothing else.
@Suite struct RecordFingerprintTests {
    static let price = RecordSamples.price("12.5", raw: "$12.50/mo", period: "month", unit: "user")
    static let plan = Plan(
        name: "Pro", prices: ["monthly": price, "annual": RecordSamples.custom], bestFor: "Teams",
        features: ["SSO", "Audit log"])
    static let alternative = Alternative(name: "Rival", startingPrice: price, topPrice: RecordSamples.contactSales)
    static let range = PriceRange(low: price, high: RecordSamples.custom)
    static let record = RecordSamples.record(
        freeTier: "Free for 3 users", priceRange: range, plans: [plan], alternatives: [alternative],
        extras: ["note": .text("beta"), "regions": .list(["eu", "us"]), "setup": .price(price)])

    /// `.index.json` keeps fingerprints from run to run, so the bytes behind them must not move with a
    /// refactoring or a toolchain: a moved fingerprint costs every target a full decode and diff once.
    @Test func fingerprintsStayAsStored() {
        var auto = Self.record
        auto.extraction = "auto"
        auto.plans[0].confidence = 80
        #expect(
            Self.record.contentFingerprint.description
                == "7eefeeaa10216a7f35e1b751099c72b6570d80bb60edb9d6a45175e33c5e4c7a")
        #expect(
            auto.contentFingerprint.description == "d741b64276954dfa2ad40e5ed8d1b14b9bb11203d0a51d16fee805c1f9a2d6b9")
        #expect(
            RecordSamples.lumaV1.contentFingerprint.description
                == "e7b7f079bd3bb23691c19c360f536e6bcdcbb418915a7016be218d90f29967ba")
    }

    @Test func fetchTimeIsNotContent() {
        var later = Self.record
        later.fetchedAt = "2027-01-01T00:00:00Z"
        #expect(later.contentFingerprint == Self.record.contentFingerprint)
        #expect(Record.fieldsOutsideContent == ["fetched_at"])
    }

    @Test func dictionaryInsertionOrderDoesNotMatter() {
        let keys = (0..<40).map { "price-\($0)" }
        var forward: [String: Price] = [:]
        for key in keys { forward[key] = Self.price }
        var backward: [String: Price] = [:]
        backward.reserveCapacity(200)
        for key in keys.reversed() { backward[key] = Self.price }
        var one = Self.record
        one.plans[0].prices = forward
        var other = Self.record
        other.plans[0].prices = backward
        #expect(one.contentFingerprint == other.contentFingerprint)
    }

    @Test func aRecordReadBackFromItsFileHasTheSameFingerprint() throws {
        var record = Self.record
        record.plans[0].prices["hourly"] = RecordSamples.price("1.50", raw: "$1.50/hour")
        let decoded = try PricewatchJSON.decoder().decode(Record.self, from: PricewatchJSON.encode(record))
        #expect(decoded.contentFingerprint == record.contentFingerprint)
    }

    /// One edit to one content field, named for the report.
    struct Edit: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var apply: @Sendable (inout Record) -> Void
        init(_ name: String, _ apply: @escaping @Sendable (inout Record) -> Void) {
            testDescription = name
            self.apply = apply
        }
    }

    static let edits: [Edit] = [
        Edit("schema") { $0.schema = "pricewatch.record/2" },
        Edit("target") { $0.target = "costbench/other" },
        Edit("site") { $0.site = "luma" },
        Edit("url") { $0.url = nil },
        Edit("vendor") { $0.vendor = "Example Inc" },
        Edit("lastVerified") { $0.lastVerified = "2026-06-01" },
        Edit("freeTier nil") { $0.freeTier = nil },
        Edit("freeTier empty") { $0.freeTier = "" },
        Edit("priceRange") { $0.priceRange = nil },
        Edit("priceRange.low") { $0.priceRange?.low = RecordSamples.contactSales },
        Edit("priceRange.high") { $0.priceRange?.high = RecordSamples.contactSales },
        Edit("plans order") { $0.plans.append(Plan(name: "Free")) },
        Edit("plan name") { $0.plans[0].name = "Pro+" },
        Edit("plan price key") { $0.plans[0].prices["yearly"] = $0.plans[0].prices.removeValue(forKey: "annual") },
        Edit("plan bestFor") { $0.plans[0].bestFor = nil },
        Edit("plan features") { $0.plans[0].features.reverse() },
        Edit("price raw") { $0.plans[0].prices["monthly"]?.raw = "$12.50 / mo" },
        Edit("price kind") { $0.plans[0].prices["monthly"]?.kind = .unknown },
        Edit("price amount") { $0.plans[0].prices["monthly"]?.amount = Amount(RecordSamples.decimal("12.51")) },
        Edit("price amount nil") { $0.plans[0].prices["monthly"]?.amount = nil },
        Edit("price currency") { $0.plans[0].prices["monthly"]?.currency = "EUR" },
        Edit("price period") { $0.plans[0].prices["monthly"]?.period = "year" },
        Edit("price unit") { $0.plans[0].prices["monthly"]?.unit = nil },
        Edit("alternative name") { $0.alternatives[0].name = "Rival 2" },
        Edit("alternative startingPrice") { $0.alternatives[0].startingPrice = nil },
        Edit("alternative topPrice") { $0.alternatives[0].topPrice = RecordSamples.custom },
        Edit("extras key") { $0.extras["notes"] = $0.extras.removeValue(forKey: "note") },
        Edit("extras text") { $0.extras["note"] = .text("GA") },
        Edit("extras text to list") { $0.extras["note"] = .list(["beta"]) },
        Edit("extras list") { $0.extras["regions"] = .list(["eu"]) },
        Edit("extras price") { $0.extras["setup"] = .price(RecordSamples.custom) },
        Edit("extras removed") { $0.extras = [:] },
        // Without length prefixes these two would write the same bytes.
        Edit("extraction") { $0.extraction = "auto" },
        Edit("plan confidence") { $0.plans[0].confidence = 80 },
        Edit("string boundary") {
            $0.vendor = "Examp"
            $0.lastVerified = "le2026-05-30"
        },
    ]

    @Test(arguments: edits)
    func everyContentEditChangesTheFingerprint(_ edit: Edit) {
        var edited = Self.record
        edit.apply(&edited)
        #expect(edited != Self.record, "the edit changed nothing")
        #expect(edited.contentFingerprint != Self.record.contentFingerprint)
    }

    /// The check runner calls content with the same fingerprint unchanged without asking the differ; this
    /// is what the differ says about such records, a plan-less one included.
    @Test(arguments: [record, RecordSamples.lumaV1, RecordSamples.lumaV2, RecordSamples.record(plans: [])])
    func theDifferFindsNothingInTheSameContent(_ record: Record) {
        var later = record
        later.fetchedAt = "2027-01-01T00:00:00Z"
        #expect(later.contentFingerprint == record.contentFingerprint)
        #expect(Differ().compare(old: record, new: later) == .unchanged)
    }
}
