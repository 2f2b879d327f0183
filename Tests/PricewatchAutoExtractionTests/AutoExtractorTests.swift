import Foundation
import PricewatchCore
import Testing

@testable import PricewatchAutoExtraction

/// Zero-config reading on small pages written for each pattern: what becomes a plan, with which prices, and
/// what never does.
@Suite struct AutoExtractorTests {
    static func read(_ html: String) throws(ExtractionError) -> Record {
        try AutoExtractor().extract(
            page: Array(html.utf8), charset: "utf-8", target: "auto/test", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
    }

    static func amount(_ plan: Plan, _ field: String) -> String? {
        plan.prices[field]?.amount?.description
    }

    @Test func cardsGiveOnePlanEachWithPricesAndFeatures() throws {
        let record = try Self.read(SyntheticPages.cards)
        #expect(record.site == "auto" && record.extraction == "auto")
        #expect(record.vendor == "Acme Cloud")
        #expect(record.plans.map(\.name) == ["Starter", "Team", "Enterprise"])
        #expect(Self.amount(record.plans[0], "monthly") == "9")
        #expect(record.plans[0].prices["monthly"]?.currency == "USD")
        #expect(Self.amount(record.plans[1], "monthly") == "29")
        #expect(record.plans[2].prices.values.map(\.kind) == [.custom])
        #expect(record.plans[1].features == ["10 projects", "Chat support"])
        #expect(record.plans.allSatisfy { ($0.confidence ?? 0) >= 60 && ($0.confidence ?? 0) <= 100 })
    }

    /// A "was" price struck through by the page's own style sheet (in upper case), among large scripts that
    /// reading leaves out of the parse: the style sheet is still read.
    @Test func pricesStruckByThePagesStyleSheetAreSkipped() throws {
        let script = "<script>window.__STATE__ = {\"plans\": [\"$1/mo\"]};</script>"
        let html = SyntheticPages.page(
            """
            <div class="plans">
              <div class="plan"><h3>Lite</h3><p class="cost"><span class="was">$19</span> $15/mo</p><button>Buy</button></div>
              <div class="plan"><h3>Max</h3><p class="cost"><span class="was">$59</span> $45/mo</p><button>Buy</button></div>
            </div>\(script)
            """, head: "<style>.plan .was { TEXT-DECORATION: LINE-THROUGH; }</style>\(script)")
        let record = try Self.read(html)
        #expect(record.plans.map(\.name) == ["Lite", "Max"])
        #expect(record.plans.map { Self.amount($0, "monthly") } == ["15", "45"])
    }

    @Test func pricesSplitAcrossElementsAreReadWholeAndStruckPricesAreSkipped() throws {
        let record = try Self.read(SyntheticPages.splitPrices)
        #expect(record.plans.map(\.name) == ["Solo", "Studio"])
        #expect(Self.amount(record.plans[0], "monthly") == "29.99")
        #expect(Self.amount(record.plans[1], "monthly") == "79.5")
    }

    @Test func toggleAttributesGiveMonthlyAndAnnualFiguresOfOnePlan() throws {
        let record = try Self.read(SyntheticPages.toggleAttributes)
        #expect(record.plans.map(\.name) == ["Basic", "Plus"])
        #expect(Self.amount(record.plans[0], "monthly") == "15")
        #expect(Self.amount(record.plans[0], "annual_monthly") == "12")
        #expect(record.plans[0].prices["annual_monthly"]?.currency == "EUR")
        #expect(Self.amount(record.plans[1], "annual_monthly") == "1000")
    }

    @Test func hiddenAnnualSpansAreTheAnnualFigureNotAnotherPlan() throws {
        let record = try Self.read(SyntheticPages.toggleHidden)
        #expect(record.plans.map(\.name) == ["Lite", "Max"])
        #expect(Self.amount(record.plans[0], "monthly") == "12")
        #expect(Self.amount(record.plans[0], "annual_monthly") == "10")
        #expect(Self.amount(record.plans[1], "annual_monthly") == "40")
    }

    @Test func twoTabPanelsOfTheSameCardsAreOneSetOfPlans() throws {
        let record = try Self.read(SyntheticPages.togglePanels)
        #expect(record.plans.map(\.name) == ["Hobby", "Business"])
        #expect(Self.amount(record.plans[0], "monthly") == "5")
        #expect(Self.amount(record.plans[0], "annual_monthly") == "4")
        #expect(Self.amount(record.plans[1], "annual_monthly") == "40")
    }

    @Test func comparisonTableColumnsArePlansWithTheirCheckedFeatures() throws {
        let record = try Self.read(SyntheticPages.comparisonTable)
        #expect(record.plans.map(\.name) == ["Free", "Pro", "Ultimate"])
        #expect(Self.amount(record.plans[0], "price") == "0")
        #expect(Self.amount(record.plans[1], "monthly") == "15")
        #expect(record.plans[1].features == ["Projects: 10", "API access"])
        #expect(record.plans[2].features == ["Projects: Unlimited", "API access", "Audit log"])
    }

    @Test func tableRowsArePlansEvenWithUnclosedUpperCaseMarkup() throws {
        let record = try Self.read(SyntheticPages.rowsTable)
        #expect(record.plans.map(\.name) == ["Bronze", "Silver", "Gold"])
        #expect(Self.amount(record.plans[2], "monthly") == "40")
        #expect(record.plans[2].prices["monthly"]?.currency == "GBP")
    }

    @Test func jsonLDOffersArePlansWithTheirBillingPeriod() throws {
        let record = try Self.read(SyntheticPages.jsonLD)
        #expect(record.vendor == "Acme Inc.")
        #expect(record.plans.map(\.name) == ["Basic", "Premium"])
        #expect(Self.amount(record.plans[0], "monthly") == "10")
        #expect(Self.amount(record.plans[1], "annual") == "120")
        #expect(record.plans[1].prices["annual"]?.currency == "USD")
    }

    @Test func microdataOffersArePlans() throws {
        let record = try Self.read(SyntheticPages.microdata)
        #expect(record.plans.map(\.name) == ["Personal", "Family"])
        #expect(record.plans[0].prices.values.first?.amount?.description == "4.99")
        #expect(record.plans[0].prices.values.first?.currency == "EUR")
    }

    @Test func germanPageWithFreeAndOnRequestTiers() throws {
        let record = try Self.read(SyntheticPages.german)
        #expect(record.plans.map(\.name) == ["Basis", "Profi", "Konzern"])
        #expect(record.plans[0].prices.values.map(\.kind) == [.free])
        #expect(record.plans[1].prices["monthly"]?.currency == "EUR")
        // "Auf Anfrage" (on request): no amount, custom or contact-sales as the parser reads it.
        #expect(record.plans[2].prices.values.allSatisfy { [.custom, .contactSales].contains($0.kind) })
        #expect(record.plans[2].prices.count == 1)
        #expect(record.vendor == "Beispiel GmbH")
    }

    @Test func nameAndPriceInOneHeadingAreSplit() throws {
        let record = try Self.read(SyntheticPages.nameAndPriceHeadings)
        #expect(record.plans.map(\.name) == ["Mini", "Maxi"])
        #expect(record.plans.allSatisfy { $0.prices["monthly"]?.currency == "EUR" })
    }

    @Test(arguments: [
        ("blog", SyntheticPages.blog), ("faq", SyntheticPages.faq), ("testimonials", SyntheticPages.testimonials),
        ("navigation", SyntheticPages.navigationHeavy), ("calculator", SyntheticPages.calculator),
        ("hostile", SyntheticPages.hostile),
    ])
    func pagesWithoutPricingFailInsteadOfInventingPlans(_ name: String, _ html: String) {
        do {
            let record = try Self.read(html)
            Issue.record("\(name): invented plans \(record.plans.map(\.name))")
        } catch {
            // The hostile page nests 6,000 levels deep: HTMLDocument refuses it whole rather than cut it short.
            let refused = name == "hostile" && error.problem.contains("levels deep")
            #expect(error.problem.contains("no pricing plans found") || refused, "\(name): \(error)")
            // There are no rules to update: the message says what to do without them.
            #expect(!error.description.contains("update selectors.yml"), "\(name): \(error)")
            #expect(refused || error.description.contains("--auto --explain"), "\(name): \(error)")
        }
    }

    @Test func emptyPageIsAReadError() {
        #expect(throws: ExtractionError.self) { try Self.read("   ") }
    }

    @Test(arguments: [
        SyntheticPages.cards, SyntheticPages.comparisonTable, SyntheticPages.toggleAttributes, SyntheticPages.jsonLD,
    ])
    func theSamePageGivesTheSameRecordEveryTime(_ html: String) throws {
        let first = try Self.read(html)
        for _ in 0..<5 {
            #expect(try Self.read(html) == first)
        }
    }

    @Test func explanationNamesStrategiesPathsAndRejectedGroups() throws {
        // Pricing cards and a calculator of savings on one page: the cards are plans, the calculator is not.
        let html = SyntheticPages.cards.replacingOccurrences(
            of: "</section>", with: "</section>" + SyntheticPages.calculator.split(separator: "<body>")[1])
        let explanation = try AutoExtractor().explain(
            page: Array(html.utf8), charset: nil, target: "auto/x", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
        #expect(explanation.record.plans.map(\.name) == ["Starter", "Team", "Enterprise"])
        #expect(explanation.plans.map(\.strategy) == [.cards, .cards, .cards])
        #expect(explanation.plans[0].paths.first?.hasSuffix("div.plans/div.plan-card[1]") == true)
        #expect(explanation.text.contains("plan \"Team\": cards, confidence"))
        #expect(explanation.rejected.contains { $0.path.contains("roi-grid") })
        #expect(explanation.failure == nil)
    }
}
