import Testing

@testable import PricewatchCore

/// Extraction behaviour on small pages: required fields, regex cuts, joins, malformed markup.
@Suite struct ExtractorTests {
    static let yaml = """
        sites:
          shop:
            vendor:
              css: "#vendor"
              required: true
            last_verified:
              css: "p.verified"
              regex: "checked on (.+)"
              type: date
            plans:
              each:
                xpath: "//table[@id='plans']//tr[td]"
              required: true
              name:
                xpath: "td[1]"
              prices:
                monthly:
                  xpath: "td[2]"
              features:
                xpath: "//div[@class='card'][normalize-space(h3) = $plan]//li"
                type: list
            extras:
              badge:
                css: ".badge"
        """

    static func extract(_ html: String) throws(ExtractionError) -> Record {
        let config: Configuration
        do { config = try Configuration.parse(yaml: yaml) } catch { fatalError("\(error)") }
        let site = config.sites["shop"]!
        return try Extractor(site: site).extract(
            page: Array(html.utf8), target: "shop/x", url: "https://shop.test/", fetchedAt: "2026-01-01T00:00:00Z")
    }

    @Test func messyMarkupStillExtracts() throws {
        // Upper-case tags, unclosed cells, a comment inside a cell, entities and odd whitespace.
        let html = """
            <H1 ID="vendor"> Acme&nbsp;Cloud </H1>
            <P CLASS="verified">Prices checked on 3 March 2026</P>
            <TABLE id="plans"><TR><TH>Plan<TH>Price
            <TR><TD>Pro<TD><!-- was $29 -->$35 /mo
            <TR><TD>Team <TD>€1.299,00 per month
            </TABLE>
            <div class="card"><h3>Pro</h3><ul><li>SSO</li><li> API   access </li></ul></div>
            <span class="badge">Popular &amp; new</span>
            """
        let record = try Self.extract(html)
        #expect(record.vendor == "Acme Cloud")
        #expect(record.lastVerified == "2026-03-03")
        #expect(record.plans.map(\.name) == ["Pro", "Team"])
        #expect(record.plans[0].prices["monthly"]?.amount == Amount("35"))
        #expect(record.plans[0].prices["monthly"]?.period == "month")
        #expect(record.plans[0].features == ["SSO", "API access"])
        #expect(record.plans[1].features == [])
        #expect(record.extras["badge"] == .text("Popular & new"))
        #expect(record.url == "https://shop.test/")
    }

    @Test func missingRequiredFieldNamesFieldAndSelector() {
        let html = "<table id='plans'><tr><td>Pro</td><td>$5</td></tr></table>"
        #expect {
            try Self.extract(html)
        } throws: { error in
            guard let error = error as? ExtractionError else { return false }
            return error.field == "vendor" && error.selector == "css \"#vendor\""
                && error.description.contains("selectors.yml:4") && error.description.contains("update selectors.yml")
        }
    }

    @Test func vanishedPlansTableIsAnErrorNotAnEmptyRecord() {
        let html = "<h1 id='vendor'>Acme</h1><p>Pricing moved to /new-pricing</p>"
        #expect {
            try Self.extract(html)
        } throws: { error in
            (error as? ExtractionError)?.field == "plans"
        }
    }

    @Test func optionalFieldThatDoesNotParseIsLeftOut() throws {
        let html =
            "<h1 id='vendor'>Acme</h1><p class='verified'>checked on someday</p><table id='plans'><tr><td>Pro</td><td>$5</td></tr></table>"
        let record = try Self.extract(html)
        #expect(record.lastVerified == nil)
        #expect(record.plans.count == 1)
    }

    @Test func unparsableBytesStillGiveAClearError() {
        #expect(throws: ExtractionError.self) { try Self.extract("   ") }
    }
}
