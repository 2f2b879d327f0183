import Testing

@testable import PricewatchCore

/// `column:` rules: a row's cell found by its column's header text.
@Suite struct TableColumnTests {
    static let yaml = """
        sites:
          shop:
            plans:
              each:
                xpath: "//table/tbody/tr"
              name:
                column: plan
              prices:
                monthly:
                  column: Monthly  Price
                annual:
                  column: Annual
              best_for:
                column: Best for
                attribute: title
        """

    static func plans(_ html: String, yaml: String = yaml) throws -> [Plan] {
        let site = try #require(try Configuration.parse(yaml: yaml).sites["shop"])
        return try Extractor(site: site).extract(
            page: Array(html.utf8), target: "shop/a", url: nil, fetchedAt: "2026-01-01T00:00:00Z"
        ).plans
    }

    @Test func cellsAreFoundByHeaderWhateverTheColumnOrder() throws {
        let html = """
            <table><thead><tr><th>Annual</th><th>Plan</th><th>Best for</th><th>Monthly price</th></tr></thead>
            <tbody><tr><td>$90</td><td>Pro</td><td title="teams">Teams</td><td>$9</td></tr>
            <tr><td>—</td><td>Free</td><td></td><td>$0</td></tr></tbody></table>
            """
        let plans = try Self.plans(html)
        #expect(plans.map(\.name) == ["Pro", "Free"])
        #expect(plans[0].prices["monthly"]?.amount == Amount("9"))
        #expect(plans[0].prices["annual"]?.amount == Amount("90"))
        #expect(plans[0].bestFor == "teams")
        #expect(plans[1].prices["monthly"]?.amount == Amount("0"))
        #expect(plans[1].prices["annual"]?.kind == .unknown)  // the page's dash, kept as it reads
    }

    @Test func rowHeaderCellsCountAsColumns() throws {
        let html = """
            <table><thead><tr><th>Plan</th><th>Monthly Price</th></tr></thead>
            <tbody><tr><th scope="row">Pro</th><td>$9</td></tr></tbody></table>
            """
        let plans = try Self.plans(html)
        #expect(plans.first?.name == "Pro")
        #expect(plans.first?.prices["monthly"]?.amount == Amount("9"))
    }

    @Test func eachTableHasItsOwnHeaders() throws {
        let html = """
            <table><thead><tr><th>Plan</th><th>Monthly price</th></tr></thead>
            <tbody><tr><td>Pro</td><td>$9</td></tr></tbody></table>
            <table><thead><tr><th>Monthly price</th><th>Plan</th></tr></thead>
            <tbody><tr><td>$20</td><td>Team</td></tr></tbody></table>
            """
        let plans = try Self.plans(html)
        #expect(plans.map(\.name) == ["Pro", "Team"])
        #expect(plans.map { $0.prices["monthly"]?.amount } == [Amount("9"), Amount("20")])
    }

    @Test func aMissingRequiredColumnNamesTheColumnAndTheRule() throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "column: Annual", with: "column: Annual\n          required: true")
        let html = "<table><thead><tr><th>Plan</th></tr></thead><tbody><tr><td>Pro</td></tr></tbody></table>"
        do {
            _ = try Self.plans(html, yaml: yaml)
            Issue.record("expected the missing Annual column to fail the page")
        } catch let error as ExtractionError {
            #expect(error.field == "plans.prices.annual")
            #expect(error.selector == "column \"Annual\"")
            #expect("\(error)".contains("matched nothing"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
