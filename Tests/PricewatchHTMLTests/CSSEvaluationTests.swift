import Testing

@testable import PricewatchHTML

/// Compiled CSS selectors evaluated by libxml2 select what a browser would.
@Suite struct CSSEvaluationTests {
    static let page = """
        <div id="main" class="pricing  page">
          <h2 lang="en-US">Plans</h2>
          <ul class="plans">
            <li class="plan free" data-tier="0">Free</li>
            <li class="plan pro featured" data-tier="1">Pro <b>$9</b></li>
            <li class="plan team" data-tier="2">Team</li>
            <li class="plan-card">Enterprise: Contact "sales" or 'us'</li>
          </ul>
          <p>after</p><p>second</p>
        </div>
        """

    /// The text of every node a selector matches, in document order.
    static func texts(_ css: String) throws -> [String] {
        let document = try HTMLDocument(html: page)
        return try document.select(try CSSSelector.xpath(for: css)).map(\.text)
    }

    @Test(
        arguments: [
            ("li.plan", ["Free", "Pro $9", "Team"]),
            (".plan-card", ["Enterprise: Contact \"sales\" or 'us'"]),
            ("#main > h2", ["Plans"]),
            ("ul li:first-child", ["Free"]),
            ("ul li:last-child", ["Enterprise: Contact \"sales\" or 'us'"]),
            ("li:nth-child(2n+1)", ["Free", "Team"]),
            ("li:nth-child(-n+2)", ["Free", "Pro $9"]),
            ("li:not(.free):not(.plan-card)", ["Pro $9", "Team"]),
            ("li[data-tier=\"1\"]", ["Pro $9"]),
            ("li[class~=featured]", ["Pro $9"]),
            ("li[class^=plan-]", ["Enterprise: Contact \"sales\" or 'us'"]),
            ("li[data-tier$='2']", ["Team"]),
            ("h2[lang|=en]", ["Plans"]),
            ("li[class*=tea]", ["Team"]),
            ("li.free + li", ["Pro $9"]),
            ("li.pro ~ li", ["Team", "Enterprise: Contact \"sales\" or 'us'"]),
            ("ul + p", ["after"]),
            ("h2, p", ["Plans", "after", "second"]),
            ("li:contains(\"Contact \\\"sales\\\" or 'us'\")", ["Enterprise: Contact \"sales\" or 'us'"]),
            ("li:contains('$9') b", ["$9"]),
            ("div.pricing.page > ul > li.team", ["Team"]),
            ("section li", []),
        ] as [(String, [String])])
    func selectsLikeABrowser(css: String, expected: [String]) throws {
        #expect(try Self.texts(css) == expected)
    }

    @Test func relativeSelectorsStayInsideTheRow() throws {
        let document = try HTMLDocument(html: Self.page)
        let row = try #require(try document.select("//li[@data-tier='1']").first)
        let xpath = try CSSSelector.xpath(for: "b", relative: true)
        #expect(try row.select(xpath).map(\.text) == ["$9"])
        #expect(try row.select(try CSSSelector.xpath(for: "p", relative: true)).isEmpty)
    }
}
