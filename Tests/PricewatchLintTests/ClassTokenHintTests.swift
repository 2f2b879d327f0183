import PricewatchHTML
import Testing

@testable import PricewatchLint

/// `@class='card'` misses `class="card featured"`; the hint says why and gives the class-token test.
@Suite struct ClassTokenHintTests {
    static let page = """
        <html><body><div class="card  featured"><h3>Pro</h3></div><p class="note">x</p></body></html>
        """

    @Test func aWholeAttributeComparisonMissingAClassListIsExplained() throws {
        let document = try HTMLDocument(html: Self.page)
        let hint = try #require(ClassTokenHint.hint(for: "//div[@class='card']/h3", in: document))
        #expect(hint.contains("class=\"card featured\""), "\(hint)")
        #expect(hint.contains("contains(concat(' ', normalize-space(@class), ' '), ' card ')"))
        // The suggested test finds what the selector was meant to.
        let fixed = try document.select("//div[\(ClassTokenHint.tokenTest("card"))]/h3")
        #expect(fixed.map(\.text) == ["Pro"])
    }

    @Test func nothingIsSaidWhenTheClassIsAbsentOrTheAttributeIsExactlyIt() throws {
        let document = try HTMLDocument(html: Self.page)
        #expect(ClassTokenHint.hint(for: "//div[@class='price']", in: document) == nil)
        #expect(ClassTokenHint.hint(for: "//p[@class = \"note\"]", in: document) == nil)
    }

    @Test func comparedClassNamesAreReadInEitherQuoteAndSpacing() {
        #expect(
            ClassTokenHint.comparedClassNames(in: "//a[@class = \"x\"] | //b[@class='y'][@class='two words'][@id='z']")
                == ["x", "y"])
    }
}
