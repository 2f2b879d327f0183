import Testing

@testable import PricewatchHTML

/// Known CSS → XPath translations; the strings are exact so any change to the output is reviewed.
private let absoluteTranslations: [(css: String, xpath: String)] = [
    ("div", "/descendant::div"),
    ("DIV", "/descendant::div"),
    ("*", "/descendant::*"),
    ("#main", "/descendant::*[@id = 'main']"),
    ("div#main", "/descendant::div[@id = 'main']"),
    (".plan", "/descendant::*[contains(concat(' ', normalize-space(@class), ' '), ' plan ')]"),
    (
        "li.plan.featured",
        "/descendant::li[contains(concat(' ', normalize-space(@class), ' '), ' plan ') and contains(concat(' ', normalize-space(@class), ' '), ' featured ')]"
    ),
    ("[data-plan]", "/descendant::*[@data-plan]"),
    ("a[href]", "/descendant::a[@href]"),
    ("[data-tier=pro]", "/descendant::*[@data-tier = 'pro']"),
    ("[data-tier=\"pro plan\"]", "/descendant::*[@data-tier = 'pro plan']"),
    ("[data-tier='pro']", "/descendant::*[@data-tier = 'pro']"),
    ("[ data-tier = 'pro' ]", "/descendant::*[@data-tier = 'pro']"),
    ("[rel~=nofollow]", "/descendant::*[contains(concat(' ', normalize-space(@rel), ' '), ' nofollow ')]"),
    ("[rel~='a b']", "/descendant::*[false()]"),
    ("a[href^='https']", "/descendant::a[starts-with(@href, 'https')]"),
    ("a[href$='.pdf']", "/descendant::a[substring(@href, string-length(@href) - 3) = '.pdf']"),
    ("a[href$=x]", "/descendant::a[substring(@href, string-length(@href)) = 'x']"),
    ("a[href$='']", "/descendant::a[false()]"),
    ("a[href*=pricing]", "/descendant::a[contains(@href, 'pricing')]"),
    ("[lang|=en]", "/descendant::*[(@lang = 'en' or starts-with(@lang, 'en-'))]"),
    ("[DATA-X=1]", "/descendant::*[@data-x = '1']"),
    ("div span", "/descendant::div/descendant::span"),
    ("div  \t span", "/descendant::div/descendant::span"),
    ("div > span", "/descendant::div/span"),
    ("div>span", "/descendant::div/span"),
    ("h2 + p", "/descendant::h2/following-sibling::*[1][self::p]"),
    ("h2 + *", "/descendant::h2/following-sibling::*[1]"),
    (
        "h2 + .note",
        "/descendant::h2/following-sibling::*[1][contains(concat(' ', normalize-space(@class), ' '), ' note ')]"
    ),
    ("h2 ~ p", "/descendant::h2/following-sibling::p"),
    ("h2~p.x", "/descendant::h2/following-sibling::p[contains(concat(' ', normalize-space(@class), ' '), ' x ')]"),
    ("ul > li a", "/descendant::ul/li/descendant::a"),
    ("h1, h2", "/descendant::h1 | /descendant::h2"),
    (" h1 ,h2 , h3 ", "/descendant::h1 | /descendant::h2 | /descendant::h3"),
    ("li:first-child", "/descendant::li[count(preceding-sibling::*) = 0]"),
    ("li:last-child", "/descendant::li[count(following-sibling::*) = 0]"),
    ("li:FIRST-CHILD", "/descendant::li[count(preceding-sibling::*) = 0]"),
    ("li:nth-child(3)", "/descendant::li[count(preceding-sibling::*) = 2]"),
    ("li:nth-child(0)", "/descendant::li[false()]"),
    ("li:nth-child(odd)", "/descendant::li[count(preceding-sibling::*) mod 2 = 0]"),
    ("li:nth-child(even)", "/descendant::li[count(preceding-sibling::*) mod 2 = 1]"),
    ("li:nth-child(2n+1)", "/descendant::li[count(preceding-sibling::*) mod 2 = 0]"),
    ("li:nth-child(2n)", "/descendant::li[count(preceding-sibling::*) mod 2 = 1]"),
    (
        "li:nth-child(3n+5)",
        "/descendant::li[count(preceding-sibling::*) mod 3 = 1 and count(preceding-sibling::*) >= 4]"
    ),
    ("li:nth-child( 2n + 1 )", "/descendant::li[count(preceding-sibling::*) mod 2 = 0]"),
    ("li:nth-child(n+3)", "/descendant::li[count(preceding-sibling::*) >= 2]"),
    ("li:nth-child(n)", "/descendant::li[true()]"),
    ("li:nth-child(-n+3)", "/descendant::li[count(preceding-sibling::*) <= 2]"),
    (
        "li:nth-child(-2n+5)",
        "/descendant::li[count(preceding-sibling::*) mod 2 = 0 and count(preceding-sibling::*) <= 4]"
    ),
    ("li:nth-child(-n+0)", "/descendant::li[false()]"),
    ("li:not(.free)", "/descendant::li[not(contains(concat(' ', normalize-space(@class), ' '), ' free '))]"),
    ("*:not(li)", "/descendant::*[not(self::li)]"),
    ("li:not(p.a)", "/descendant::li[not(self::p and contains(concat(' ', normalize-space(@class), ' '), ' a '))]"),
    ("li:not([hidden])", "/descendant::li[not(@hidden)]"),
    ("li:not(*)", "/descendant::li[not(self::*)]"),
    ("td:contains(\"Pro\")", "/descendant::td[contains(string(.), 'Pro')]"),
    ("td:contains('Pro plan')", "/descendant::td[contains(string(.), 'Pro plan')]"),
    ("td:contains(Pro)", "/descendant::td[contains(string(.), 'Pro')]"),
    ("td:contains(\"it's\")", "/descendant::td[contains(string(.), \"it's\")]"),
    ("td:contains(\"it's \\\"ok\\\"\")", "/descendant::td[contains(string(.), concat('it', \"'\", 's \"ok\"'))]"),
    ("[title=\"'a'\\\"\"]", "/descendant::*[@title = concat(\"'\", 'a', \"'\", '\"')]"),
    (".a\\.b", "/descendant::*[contains(concat(' ', normalize-space(@class), ' '), ' a.b ')]"),
    ("#plan-2_b", "/descendant::*[@id = 'plan-2_b']"),
    // Hex escapes, as browsers' "Copy selector" writes ids that start with a digit.
    ("#\\31 23", "/descendant::*[@id = '123']"),
    ("#\\31 23 p", "/descendant::*[@id = '123']/descendant::p"),
    (".md\\:grid-cols-3", "/descendant::*[contains(concat(' ', normalize-space(@class), ' '), ' md:grid-cols-3 ')]"),
    ("[title=\"\\41\\20 b\"]", "/descendant::*[@title = 'A b']"),
    ("[title='\\0']", "/descendant::*[@title = '\u{FFFD}']"),
    // A prepended mark (U+0605) is its own scalar: it does not swallow the '.' of the next class.
    (
        ".a\u{0605}.b",
        "/descendant::*[contains(concat(' ', normalize-space(@class), ' '), ' a\u{0605} ') and contains(concat(' ', normalize-space(@class), ' '), ' b ')]"
    ),
    (
        "table.pricing tr:nth-child(2) > td:first-child",
        "/descendant::table[contains(concat(' ', normalize-space(@class), ' '), ' pricing ')]/descendant::tr[count(preceding-sibling::*) = 1]/td[count(preceding-sibling::*) = 0]"
    ),
]

private let relativeTranslations: [(css: String, xpath: String)] = [
    ("span", "./descendant::span"),
    ("div > span.price", "./descendant::div/span[contains(concat(' ', normalize-space(@class), ' '), ' price ')]"),
    ("h1, h2", "./descendant::h1 | ./descendant::h2"),
    ("h2 + p", "./descendant::h2/following-sibling::*[1][self::p]"),
]

/// Selectors that must be rejected, with the 1-based position and the expectation the message names.
private let rejections: [(css: String, position: Int, reason: String)] = [
    ("", 1, "expected a selector"),
    ("   ", 4, "expected a selector"),
    ("div >", 6, "expected a selector after '>'"),
    ("div > ", 7, "expected a selector after '>'"),
    ("div +", 6, "expected a selector after '+'"),
    ("div ~ ~ p", 7, "expected a selector after '~'"),
    ("> div", 1, "expected a selector"),
    ("div,", 5, "expected a selector after ','"),
    ("div,,p", 5, "expected a selector after ','"),
    ("div.", 5, "expected a class name after '.'"),
    ("div#", 5, "expected an id name after '#'"),
    ("div[", 5, "expected an attribute name after '['"),
    ("div[href", 9, "expected ']' to close the attribute selector"),
    ("div[href=]", 10, "expected a value after '=' (quote it if it has spaces or symbols)"),
    ("div[href='x'", 13, "expected ']' to close the attribute selector"),
    ("a[href!=x]", 7, "unexpected character '!'"),
    (
        "div:hover", 5,
        "unsupported pseudo-class ':hover'; use :first-child, :last-child, :nth-child(), :not() or :contains()"
    ),
    ("p::before", 3, "expected a pseudo-class name after ':' (pseudo-elements such as '::before' are not supported)"),
    ("li:nth-child(", 14, "expected an+b, a number, 'odd' or 'even' inside ':nth-child()'"),
    ("li:nth-child(x)", 14, "expected an+b, a number, 'odd' or 'even' inside ':nth-child()'"),
    ("li:nth-child(2n+)", 14, "expected an+b, a number, 'odd' or 'even' inside ':nth-child()'"),
    ("li:nth-child(2", 15, "expected ')' to close ':nth-child('"),
    ("li:not()", 8, "expected a simple or compound selector inside ':not()'"),
    ("li:not(a b)", 10, "expected ')' to close ':not('"),
    ("li:not", 7, "expected '(' after ':not'"),
    ("td:contains()", 13, "expected quoted text inside ':contains()'"),
    ("td:contains(\"Pro)", 13, "unterminated string: expected a closing \""),
    ("div*", 4, "expected a combinator, ',' or the end of the selector"),
    ("div)", 4, "expected a combinator, ',' or the end of the selector"),
    ("div !", 5, "unexpected character '!'"),
    ("div -1", 5, "expected a selector"),
    ("a\\", 3, "expected a character after '\\'"),
    // Escapes can put XPath operators into a name; written bare, `a>ls` would be a valid comparison.
    ("ucolraf>lslra\\>ls i", 9, nameReason("\"lslra>ls\" cannot be an element")),
    ("li a\\ or\\ b", 4, nameReason("\"a or b\" cannot be an element")),
    ("\\31 23", 1, nameReason("\"123\" cannot be an element")),
    ("a[x\\|y]", 3, nameReason("\"x|y\" cannot be an attribute")),
    ("a[data\\:x=1]", 3, nameReason("\"data:x\" cannot be an attribute")),
]

private func nameReason(_ start: String) -> String {
    start + " name: names start with a letter or '_' and hold only letters, digits, '-', '_' and '.'"
}

private let anPlusB: [(text: String, a: Int, b: Int)] = [
    ("odd", 2, 1), ("even", 2, 0), ("3", 0, 3), ("+3", 0, 3), ("-n+3", -1, 3), ("2n+1", 2, 1), ("n", 1, 0),
    ("+n-2", 1, -2), ("10n-1", 10, -1), ("-2n", -2, 0),
]

@Suite("CSS selector to XPath translation")
struct CSSSelectorTests {
    @Test(arguments: absoluteTranslations)
    func translatesToAbsoluteXPath(css: String, xpath: String) throws {
        #expect(try CSSSelector.xpath(for: css) == xpath)
    }

    @Test(arguments: relativeTranslations)
    func translatesToRelativeXPath(css: String, xpath: String) throws {
        #expect(try CSSSelector.xpath(for: css, relative: true) == xpath)
    }

    @Test(arguments: rejections)
    func rejectsInvalidSelector(css: String, position: Int, reason: String) {
        #expect(throws: CSSSelectorError(selector: css, position: position, reason: reason)) {
            try CSSSelector.xpath(for: css)
        }
    }

    @Test func errorMessageNamesSelectorPositionAndExpectation() {
        let error = CSSSelectorError(selector: "div >", position: 6, reason: "expected a selector after '>'")
        #expect(error.description == "invalid CSS selector \"div >\" at position 6: expected a selector after '>'")
    }

    @Test(arguments: anPlusB)
    func readsAnPlusB(text: String, a: Int, b: Int) throws {
        let parsed = try #require(CSSParser.parseAnPlusB(text))
        #expect(parsed.a == a && parsed.b == b)
    }

    @Test(arguments: ["", "n+", "2n+x", "3x", "--n", "2n 1", "++1", "odds"])
    func rejectsMalformedAnPlusB(text: String) {
        #expect(CSSParser.parseAnPlusB(text) == nil)
    }

    @Test(arguments: [
        ("plain", "'plain'"), ("it's", "\"it's\""), ("say \"hi\"", "'say \"hi\"'"),
        ("a'b\"c", "concat('a', \"'\", 'b\"c')"), ("'\"", "concat(\"'\", '\"')"),
    ])
    func quotesXPathLiteralsSafely(text: String, literal: String) {
        #expect(CSSToXPath.literal(text) == literal)
    }
}
