import Foundation
import PricewatchCore
import Testing

@testable import PricewatchAutoExtraction

/// `suggest`: rules that reproduce zero-config reading through the ordinary rule path, and that a person
/// would keep.
@Suite struct RuleSuggesterTests {
    static func suggest(_ html: String, url: String? = nil) throws -> RuleSuggester.Suggestion {
        try RuleSuggester().suggest(
            page: Array(html.utf8), site: "acme", url: url, targetID: url.map { _ in "acme/pricing" })
    }

    /// The plans the suggested rules read, through `Configuration` and the rule `Extractor`.
    static func plans(_ yaml: String, _ html: String) throws -> [Plan] {
        let site = try Configuration.parse(yaml: yaml).site(named: "acme")
        return try Extractor(site: site).extract(
            page: Array(html.utf8), target: "acme/x", url: nil, fetchedAt: "2026-01-01T00:00:00Z"
        ).plans
    }

    @Test(arguments: [
        SyntheticPages.cards, SyntheticPages.toggleAttributes, SyntheticPages.german,
        SyntheticPages.nameAndPriceHeadings, SyntheticPages.comparisonTable, SyntheticPages.rowsTable,
        SyntheticPages.microdata, SyntheticPages.jsonLDWithCards, SyntheticPages.unevenCards,
        SyntheticPages.utilityClassCards, SyntheticPages.termsAfterPrice,
    ])
    func suggestedRulesReadTheSamePlans(_ html: String) throws {
        let auto = try AutoExtractor().extract(
            page: Array(html.utf8), charset: nil, target: "auto/x", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
        let suggestion = try Self.suggest(html)
        #expect(suggestion.reproduced == auto.plans.count)
        let plans = try Self.plans(suggestion.yaml, html)
        #expect(plans.map(\.name) == auto.plans.map(\.name))
        for (rule, found) in zip(plans, auto.plans) {
            let amounts = Set(found.prices.values.compactMap(\.amount))
            #expect(amounts.isEmpty || !amounts.isDisjoint(with: Set(rule.prices.values.compactMap(\.amount))))
        }
    }

    @Test func rulesAreAnchoredOnClassesWithACommentEachAndNoPositions() throws {
        let yaml = try Self.suggest(SyntheticPages.cards, url: "https://acme.test/pricing").yaml
        #expect(yaml.contains("contains(concat(' ', normalize-space(@class), ' '), ' plan-card ')"))
        #expect(yaml.range(of: #"\[[0-9]+\]"#, options: .regularExpression) == nil)
        #expect(!yaml.contains("/html/body"))
        let lines = yaml.split(separator: "\n")
        for (index, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("xpath:") {
            let owner = lines[index - 1].trimmingCharacters(in: .whitespaces)
            let comment = lines[index - 2].trimmingCharacters(in: .whitespaces)
            #expect(comment.hasPrefix("#") || owner.hasPrefix("#"), "no comment for \(line)")
        }
        let config = try Configuration.parse(yaml: yaml)
        #expect(config.targets.map(\.id) == ["acme/pricing"])
    }

    /// A struck-through "was" price inside the price element cannot be left out by a selector; the suggestion
    /// says how many plans its rules reproduce rather than passing for right.
    @Test func rulesThatReadLessThanAutoSaySo() throws {
        let suggestion = try Self.suggest(SyntheticPages.splitPrices)
        #expect(suggestion.reproduced < suggestion.plans)
        #expect(suggestion.yaml.hasPrefix("# These rules read \(suggestion.reproduced) of the 2 plans"))
    }

    /// Plans as the columns of a comparison table: each header cell is a plan; its price is found by the price
    /// row's label and the plan's own column, so a reordered table still reads right.
    @Test func tableColumnsAreReadByTheirHeaderAndThePriceRowsLabel() throws {
        let yaml = try Self.suggest(SyntheticPages.comparisonTable).yaml
        #expect(yaml.contains("(//table[contains(concat(' ', normalize-space(@class), ' '), ' compare ')]//tr)[1]"))
        #expect(yaml.contains("[*[1][normalize-space(.) = 'Price']]"))
        let reordered = SyntheticPages.comparisonTable
            .replacingOccurrences(of: "<th>Free</th><th>Pro</th>", with: "<th>Pro</th><th>Free</th>")
            .replacingOccurrences(of: "<td>$0</td><td>$15 / month</td>", with: "<td>$15 / month</td><td>$0</td>")
        let plans = try Self.plans(yaml, reordered)
        #expect(plans.map(\.name) == ["Pro", "Free", "Ultimate"])
        #expect(plans.map { $0.prices.values.first?.amount } == [Amount("15"), Amount("0"), Amount("45")])
    }

    /// Plans as rows: the price is read under its column's header (`column:`), not by position.
    @Test func tableRowsReadThePriceByItsColumn() throws {
        let yaml = try Self.suggest(SyntheticPages.rowsTable).yaml
        #expect(yaml.contains("column: \"Price\""))
        #expect(try Self.plans(yaml, SyntheticPages.rowsTable).map(\.name) == ["Bronze", "Silver", "Gold"])
    }

    @Test func microdataIsReadByItsItemprops() throws {
        let yaml = try Self.suggest(SyntheticPages.microdata).yaml
        #expect(yaml.contains("//*[@itemprop='offers']"))
        #expect(yaml.contains(".//*[@itemprop='price']"))
    }

    /// JSON-LD offers get rules for where the page shows them; offers only in JSON-LD get a clear refusal.
    @Test func jsonLDPlansAreReadWhereThePageShowsThem() throws {
        let yaml = try Self.suggest(SyntheticPages.jsonLDWithCards).yaml
        #expect(yaml.contains(" tier "))
        #expect(!yaml.contains("ld+json"))
        #expect {
            try Self.suggest(SyntheticPages.jsonLD)
        } throws: { error in
            "\(error)".contains("only in the page's JSON-LD data") && "\(error)".contains("site: auto")
        }
    }

    @Test func hashedClassNamesAreNeverUsed() {
        #expect(!RuleWriter.isStable("css-1x2y3z"))
        #expect(!RuleWriter.isStable("sc-bdVaJaXkQ"))
        #expect(RuleWriter.isStable("pricing-card"))
        #expect(RuleWriter.isStable("plan_card--featured"))
    }

    @Test func aPageWithoutPlansHasNothingToSuggest() {
        #expect(throws: ExtractionError.self) { try Self.suggest(SyntheticPages.faq) }
    }
}
