import PricewatchCore
import Testing

@testable import PricewatchAutoExtraction

/// Patterns the judged held-out pages have and the first synthetic pages lacked: prices split across elements
/// in several locales, tables of plans as rows, badges, currency selectors, tab-panel toggles, and pages that
/// mention prices without offering plans.
@Suite struct HeldOutPatternTests {
    typealias Expected = (name: String, field: String, amount: String?, currency: String?, period: String?)

    static func check(_ html: String, _ expected: [Expected]) throws {
        let record = try AutoExtractorTests.read(html)
        #expect(record.plans.map(\.name) == expected.map(\.name))
        for (plan, wanted) in zip(record.plans, expected) {
            let price = plan.prices[wanted.field]
            #expect(price != nil, "\(plan.name): no \(wanted.field) price in \(plan.prices)")
            #expect(price?.amount == wanted.amount.flatMap { Amount($0) }, "\(plan.name)")
            #expect(price?.currency == wanted.currency && price?.period == wanted.period, "\(plan.name): \(price!)")
        }
    }

    /// The amount in `<meta itemprop="price">`, the period or unit in the price the offer shows.
    @Test func microdataMetaPriceTakesTheShownTerms() throws {
        try Self.check(
            SyntheticPages.microdataMeta,
            [
                ("Solo", "monthly", "12.00", "USD", "month"), ("Team", "annual", "240", "USD", "year"),
                ("Usage", "price", "0.05", "USD", nil),
            ])
        #expect(try AutoExtractorTests.read(SyntheticPages.microdataMeta).plans[2].prices["price"]?.unit == "invoice")
        // The shown "4,99 / Monat" of the older microdata page gives its period too.
        #expect(try AutoExtractorTests.read(SyntheticPages.microdata).plans[0].prices["monthly"]?.period == "month")
    }

    /// "Annual Price (25% off): $6" and "Total Annual Payment: $72" beside "Monthly Price: $8" are the plan's
    /// annual figures, not features; "Annual savings: $72" stays a line of the card.
    @Test func labelledAnnualLinesAreAnnualPrices() throws {
        try Self.check(
            SyntheticPages.labelledPriceLines,
            [
                ("Hobby", "annual_monthly", "6", "USD", "month"), ("Studio", "annual_monthly", "18", "USD", "month"),
                ("Agency", "annual_monthly", "74.25", "USD", "month"),
            ])
        let record = try AutoExtractorTests.read(SyntheticPages.labelledPriceLines)
        #expect(record.plans.map { $0.prices["annual"]?.amount } == ["72", "216", "891"].map { Amount($0) })
        #expect(record.plans.map { $0.prices["annual"]?.period } == ["year", "year", "year"])
        #expect(record.plans.map { $0.prices["monthly"]?.amount } == ["8", "24", "99"].map { Amount($0) })
        #expect(record.plans[0].features == ["5 projects", "Community support"])
        #expect(record.plans[1].features == ["Unlimited projects", "Annual savings: $72"])
    }

    /// A name in a bold utility class (`font-semibold`, `fw-bold`) names its card; the FAQ's and the
    /// testimonials' bold texts beside amounts ("Refunds over $500", "Saved us $5M") make no plans.
    @Test func namesInBoldUtilityClassesNameTheCards() throws {
        try Self.check(
            SyntheticPages.utilityClassCards,
            [
                ("Hobby", "monthly", "19", "USD", "month"), ("Freelancer", "monthly", "49", "USD", "month"),
                ("Startup", "monthly", "99", "USD", "month"),
            ])
        let record = try AutoExtractorTests.read(SyntheticPages.utilityClassCards)
        #expect(record.plans[1].features == ["50 shipments a day", "3 warehouses"])
    }

    /// "$12" then a block "per user / month": the plan is priced by the month and the user; "per month,
    /// billed yearly" makes the figure the annual plan's monthly one; "Save 20% with yearly billing" after "$99"
    /// is an offer, not the figure's period.
    @Test func termsInTheBlockAfterTheAmount() throws {
        try Self.check(
            SyntheticPages.termsAfterPrice,
            [
                ("Solo", "monthly", "12", "USD", "month"), ("Team", "annual_monthly", "24.50", "USD", "month"),
                ("Firm", "price", "99", "USD", nil),
            ])
        #expect(try AutoExtractorTests.read(SyntheticPages.termsAfterPrice).plans[0].prices["monthly"]?.unit == "user")
    }

    /// "$10" "$8" "/mo": the period after a toggle's two amounts is both figures' period.
    @Test func aToggleSharesItsPeriod() throws {
        try Self.check(
            SyntheticPages.toggleSharedPeriod,
            [
                ("Solo", "monthly", "10", "USD", "month"), ("Studio", "monthly", "30", "USD", "month"),
                ("Agency", "monthly", "90", "USD", "month"),
            ])
        let record = try AutoExtractorTests.read(SyntheticPages.toggleSharedPeriod)
        #expect(record.plans.map { $0.prices["annual_monthly"]?.amount } == ["8", "24", "72"].map { Amount($0) })
        #expect(record.plans.map { $0.prices["annual_monthly"]?.period } == ["month", "month", "month"])
    }

    /// "$10" "$8" "$6": the amount after the next one is no period either; the first amount stays a bare price.
    @Test func threeAmountsInARowHaveNoTerms() throws {
        try Self.check(
            SyntheticPages.threeAmountsInARow,
            [("Solo", "price", "10", "USD", nil), ("Duo", "price", "20", "USD", nil)])
    }

    @Test func splitGermanAmounts() throws {
        try Self.check(
            SyntheticPages.splitLocales,
            [
                ("Lite", "monthly", "29.90", "EUR", "month"), ("Plus", "monthly", "49.90", "EUR", "month"),
                ("Max", "monthly", "1249.00", "EUR", "month"),
            ])
    }

    @Test func splitBrazilianAmountsAndSobConsulta() throws {
        try Self.check(
            SyntheticPages.splitBrazil,
            [
                ("Básico", "monthly", "49.90", "BRL", "month"), ("Profissional", "monthly", "99.90", "BRL", "month"),
                ("Empresa", "price", nil, nil, nil),
            ])
        #expect(try AutoExtractorTests.read(SyntheticPages.splitBrazil).plans[2].prices["price"]?.kind == .contactSales)
    }

    @Test func splitYenWithTaxNote() throws {
        try Self.check(
            SyntheticPages.splitJapanese,
            [
                ("ライト", "monthly", "980", "JPY", "month"), ("スタンダード", "monthly", "1980", "JPY", "month"),
                ("プレミアム", "monthly", "4980", "JPY", "month"),
            ])
    }

    /// Two rows of cards: each row is a group of plans, not one card that holds two.
    @Test func rowsOfCardsGiveEveryCard() throws {
        try Self.check(
            SyntheticPages.splitSwissIndian,
            [
                ("Basic", "annual", "1049.95", "CHF", "year"), ("Business", "annual", "2499.00", "CHF", "year"),
                ("Starter India", "annual", "149000", "INR", "year"),
                ("Growth India", "annual", "299000", "INR", "year"),
            ])
    }

    /// Models in rows with a price per million tokens; "Input" and "Output" are columns, not plans.
    @Test func apiModelsAsRowsWithUnitPrices() throws {
        let record = try AutoExtractorTests.read(SyntheticPages.apiUnitRows)
        #expect(record.plans.map(\.name) == ["Swift-S", "Swift-M", "Swift-L"])
        let prices = record.plans.compactMap { $0.prices.values.first }
        #expect(prices.map(\.amount) == [Amount("0.15"), Amount("2.50"), Amount("15")])
        #expect(prices.allSatisfy { $0.currency == "USD" && $0.unit == "1M tokens" })
    }

    @Test func plansAsTableRows() throws {
        let record = try AutoExtractorTests.read(SyntheticPages.plansAsRows)
        #expect(record.plans.map(\.name) == ["Hobby", "Pro", "Scale", "Enterprise"])
        #expect(record.plans.map { $0.prices.values.first?.kind } == [.free, .amount, .amount, .contactSales])
        #expect(record.plans[1].prices.values.first?.amount == Amount("12"))
    }

    /// Badges are not names, and an enterprise card without an amount is still a plan.
    @Test func badgesAndContactCard() throws {
        let record = try AutoExtractorTests.read(SyntheticPages.badgesContact)
        #expect(record.plans.map(\.name) == ["Basic", "Growth", "Scale", "Enterprise"])
        #expect(record.plans.map { $0.prices.values.first?.amount?.description } == ["0", "49", "99", nil])
        #expect(record.plans[3].prices.values.first?.kind == .contactSales)
    }

    /// The shown currency's price, with its period; the hidden euro and pound figures are not read into it.
    @Test func currencySelectorKeepsTheShownCurrency() throws {
        try Self.check(
            SyntheticPages.currencySelector,
            [
                ("Starter", "monthly", "10", "USD", "month"), ("Team", "monthly", "30", "USD", "month"),
                ("Business", "monthly", "90", "USD", "month"),
            ])
        let record = try AutoExtractorTests.read(SyntheticPages.currencySelector)
        #expect(record.plans[0].prices["monthly"]?.raw == "$10/month")
    }

    /// The annual tab panel's figures join the monthly ones as `annual`, not as three more plans.
    @Test func toggleTabPanelsGiveAnnualFigures() throws {
        try Self.check(
            SyntheticPages.toggleTabs,
            [
                ("Solo", "annual", "150", "USD", "year"), ("Duo", "annual", "250", "USD", "year"),
                ("Crew", "annual", "450", "USD", "year"),
            ])
        let record = try AutoExtractorTests.read(SyntheticPages.toggleTabs)
        #expect(record.plans.map { $0.prices["monthly"]?.amount?.description } == ["15", "25", "45"])
    }

    @Test(arguments: [
        ("shop", SyntheticPages.shopProducts), ("changelog", SyntheticPages.changelog),
        ("press release", SyntheticPages.pressRelease), ("feature comparison", SyntheticPages.featureCompareNoPrices),
        ("job board", SyntheticPages.jobBoard), ("rental listings", SyntheticPages.rentalListings),
        ("hotel results", SyntheticPages.hotelResults),
    ])
    func pagesThatMentionPricesWithoutPlansFail(_ name: String, _ html: String) {
        #expect(throws: ExtractionError.self, "\(name)") { try AutoExtractorTests.read(html) }
    }
}
