import PricewatchCore
import Testing

@testable import PricewatchAutoExtraction

/// What a demanding user reads off a pricing page and zero-config reading once got wrong: the billing a note
/// beside the price names, counts of credits and video resolutions that are no prices, a table of plans priced
/// only by words, and a "From" label around a split price.
@Suite struct PrecisionTests {
    /// "$49/mo" over "billed annually" is the annual plan's monthly figure, not a monthly plan's price.
    @Test func aMonthlyFigureBilledAnnuallyIsTheAnnualPlansMonthlyFigure() throws {
        let record = try AutoExtractorTests.read(SyntheticPages.billedAnnually)
        #expect(record.plans.map(\.name) == ["Starter", "Team", "Business"])
        for (plan, amount) in zip(record.plans, ["19", "49", "99"]) {
            #expect(plan.prices.keys.sorted() == ["annual_monthly"], "\(plan.name): \(plan.prices)")
            #expect(plan.prices["annual_monthly"]?.amount == Amount(amount), "\(plan.name)")
            #expect(plan.prices["annual_monthly"]?.period == "month", "\(plan.name)")
        }
    }

    /// `suggest` writes the field the figures went to, so its rules read them as `annual_monthly` too.
    @Test func suggestedRulesKeepTheAnnualPlansMonthlyField() throws {
        let suggestion = try RuleSuggesterTests.suggest(SyntheticPages.billedAnnually)
        let plans = try RuleSuggesterTests.plans(suggestion.yaml, SyntheticPages.billedAnnually)
        #expect(plans.map { $0.prices["annual_monthly"]?.amount?.description } == ["19", "49", "99"])
    }

    /// "billed monthly" keeps the figure monthly, also beside an offer to save when billed annually.
    @Test func aMonthlyFigureBilledMonthlyStaysMonthly() throws {
        let record = try AutoExtractorTests.read(SyntheticPages.billedMonthly)
        #expect(record.plans.map(\.name) == ["Starter", "Team"])
        #expect(record.plans.map { $0.prices.keys.sorted() } == [["monthly"], ["monthly"]])
    }

    /// "~100 credits per 5-second clip at 720p" is a count of credits at a video resolution: no price (720p is
    /// no 7.20 GBP), and a page of such model cards holds no plans.
    @Test func creditCountsAndResolutionsAreNoPrices() {
        #expect(PriceParser.read("~100 credits per 5-second clip at 720p SDR", context: .pageText) == nil)
        #expect(PriceParser.read("1080p", context: .pageText) == nil)
        #expect(PriceParser.parse("2160p HDR").currency == nil)
        // Pence stay pence.
        #expect(PriceParser.read("99p", context: .pageText)?.price.amount == Amount("0.99"))
        #expect(PriceParser.read("12.5p per kWh", context: .pageText)?.price.amount == Amount("0.125"))
        #expect(throws: ExtractionError.self) { try AutoExtractorTests.read(SyntheticPages.creditsPerClip) }
    }

    /// A table whose header says "Plan | Monthly | Annual" is a table of plans even when every plan is priced
    /// by a word ("Custom", "Contact sales"); rows of details between the plans are skipped. The features
    /// table below it, headed "Feature | Notes", is none.
    @Test func aPlansTablePricedOnlyByWordsIsRead() throws {
        let record = try AutoExtractorTests.read(SyntheticPages.customRowsTable)
        #expect(record.plans.map(\.name) == ["Flash", "Standard", "Enterprise"])
        #expect(record.plans.map { $0.prices.values.first?.kind } == [.custom, .custom, .contactSales])
    }

    /// "From <strong>$32</strong>/month": the whole tag, with its period, is the price.
    @Test func aFromLabelAroundASplitPriceKeepsThePeriod() throws {
        let record = try AutoExtractorTests.read(SyntheticPages.fromPrices)
        #expect(record.plans.map(\.name) == ["Basic", "Pro", "Max"])
        #expect(record.plans.map { $0.prices["monthly"]?.amount?.description } == ["8", "16", "32"])
    }

    /// A free plan's heading is its name and its price; a BEM list whose block is a "tier-box" names no plan.
    @Test func aFreePlansHeadingNamesItAndListItemsDoNot() throws {
        let record = try AutoExtractorTests.read(SyntheticPages.freePlanHeading)
        #expect(
            record.plans.map(\.name) == [
                "Studio Free Plan", "Studio Basic Plan", "Studio Pro Plan", "Studio Team Plan",
            ])
        #expect(record.plans.map { $0.prices.values.first?.kind } == [.free, .amount, .amount, .contactSales])
        #expect(record.plans[1].prices["monthly"]?.amount == Amount("12"))
        #expect(record.plans[2].prices["monthly"]?.amount == Amount("39"))
    }
}
