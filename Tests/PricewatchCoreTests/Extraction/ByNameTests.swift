import Testing

@testable import PricewatchCore

/// `by_name` joins data kept elsewhere on a page (feature cards, price notes) to rows by their names.
@Suite struct ByNameTests {
    static let yaml = """
        sites:
          shop:
            plans:
              each:
                css: "#plans tr"
              name:
                xpath: "td[1]"
              prices:
                monthly:
                  by_name:
                    css: "#notes dt"
                  xpath: "following-sibling::dd[1]"
              features:
                by_name:
                  xpath: "//section[@id='features']//*/h3[1]"
                xpath: "parent::*//li"
                type: list
            alternatives:
              each:
                css: "#alternatives tr"
              name:
                xpath: "td[1]"
              starting_price:
                by_name:
                  css: "#notes dt"
                xpath: "following-sibling::dd[1]"
        """

    static let page = """
        <table id="plans">
          <tr><td>Starter</td></tr>
          <tr><td>Pro   Team</td></tr>
          <tr><td>Enterprise</td></tr>
          <tr><td>Duo</td></tr>
        </table>
        <section id="features">
          <div><h3>pro team</h3><ul><li>SSO</li><li>Audit log</li></ul></div>
          <div><h3>Starter</h3><ul><li>1 seat</li></ul><h3>Pro Team</h3></div>
          <div><h3>Starter</h3><ul><li>Email support</li><li>1 seat</li></ul></div>
          <div><h3>Duo</h3><div><h3>Duo</h3><ul><li>Two seats</li></ul></div></div>
        </section>
        <div><h3>Enterprise</h3><ul><li>Outside the features section</li></ul></div>
        <dl id="notes">
          <dt>Starter</dt><dd>$5/mo</dd>
          <dt>Pro Team</dt><dd>$20/mo</dd>
          <dt>Pro Team</dt><dd>$25/mo</dd>
          <dt>Rival</dt><dd>$9/mo</dd>
        </dl>
        <table id="alternatives"><tr><td>Rival</td></tr><tr><td>Nobody</td></tr></table>
        """

    static func record(_ html: String = page) throws -> Record {
        let config = try Configuration.parse(yaml: yaml)
        let site = try #require(config.sites["shop"])
        return try Extractor(site: site).extract(
            page: Array(html.utf8), target: "shop/x", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
    }

    @Test func rowsFindTheirDataByNameIgnoringCaseAndSpacing() throws {
        let plans = try Self.record().plans
        #expect(plans.map(\.name) == ["Starter", "Pro Team", "Enterprise", "Duo"])
        // Two cards are titled "Starter": both are read, in page order.
        #expect(plans[0].features == ["1 seat", "Email support", "1 seat"])
        // The card's first <h3> names it; a later "Pro Team" heading in Starter's card does not.
        #expect(plans[1].features == ["SSO", "Audit log"])
        // A heading outside what `by_name` selects is not a card.
        #expect(plans[2].features == [])
        // Nested cards of one name reach the same item twice: it is read once, as an XPath union would.
        #expect(plans[3].features == ["Two seats"])
    }

    @Test func aSingleValueComesFromTheFirstNamedElement() throws {
        let record = try Self.record()
        #expect(record.plans[0].prices["monthly"]?.amount == Amount("5"))
        #expect(record.plans[1].prices["monthly"]?.amount == Amount("20"))
        #expect(record.plans[2].prices["monthly"] == nil)
        #expect(record.alternatives.map(\.name) == ["Rival", "Nobody"])
        #expect(record.alternatives[0].startingPrice?.amount == Amount("9"))
        #expect(record.alternatives[1].startingPrice == nil)
    }

    /// The named elements are found once per page: the next page's cards must not leak into its record.
    @Test func eachPageFindsItsOwnNamedElements() throws {
        let config = try Configuration.parse(yaml: Self.yaml)
        let extractor = Extractor(site: try #require(config.sites["shop"]))
        let first = try extractor.extract(
            page: Array(Self.page.utf8), target: "shop/x", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
        let renamed = Self.page.replacingOccurrences(of: "<li>SSO</li>", with: "<li>SAML SSO</li>")
        let second = try extractor.extract(
            page: Array(renamed.utf8), target: "shop/x", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
        #expect(first.plans[1].features == ["SSO", "Audit log"])
        #expect(second.plans[1].features == ["SAML SSO", "Audit log"])
    }
}
