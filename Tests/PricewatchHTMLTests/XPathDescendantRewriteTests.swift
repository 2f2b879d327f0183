import PricewatchTestSupport
import Testing

@testable import PricewatchHTML

/// `//x[p]` is compiled as `/descendant::x[p]` only where the two select the same nodes: the positional forms
/// stay as written, and rewritten rules select what the rules as written do on generated pages.
@Suite struct XPathDescendantRewriteTests {
    @Test(arguments: [
        ("//div[@class='plan']", "/descendant::div[@class='plan']"),
        ("//x", "/descendant::x"),
        (".//li[contains(., 'x')]", "./descendant::li[contains(., 'x')]"),
        ("//x[@a]//y[b = 'c']", "/descendant::x[@a]/descendant::y[b = 'c']"),
        ("//child::x[@a]", "/descendant::x[@a]"),
        ("//text()", "/descendant::text()"),
        ("//x[y[1]]", "/descendant::x[y[1]]"),
        ("//x[y[last()]][z[position() < 2]]", "/descendant::x[y[last()]][z[position() < 2]]"),
        ("//x[@a > 2]", "/descendant::x[@a > 2]"),
        ("//x['//y[1]']", "/descendant::x['//y[1]']"),
        ("//x[normalize-space(td[1]) != $plan]", "/descendant::x[normalize-space(td[1]) != $plan]"),
        ("//x[string(@a)]", "/descendant::x[string(@a)]"),
        ("//x[.//y | .//z]", "/descendant::x[./descendant::y | ./descendant::z]"),
        ("//x[(@a)]", "/descendant::x[(@a)]"),
        ("count(//x[@a])", "count(/descendant::x[@a])"),
        ("//x[@a and 1]", "/descendant::x[@a and 1]"),
        ("//*[@id = 'p'] | //svg:*", "/descendant::*[@id = 'p'] | /descendant::svg:*"),
        ("//x/y[1]", "/descendant::x/y[1]"),
        ("//x[id('a')]", "/descendant::x[id('a')]"),
        ("//li[not(starts-with(., 'div'))]", "/descendant::li[not(starts-with(., 'div'))]"),
        ("(//a[@href] | //b)[1]", "(//a[@href] | //b)[1]"),
        ("(//a[@href])/b", "(/descendant::a[@href])/b"),
        // Scalars are kept as written: a decomposed é (e + U+0301) in a literal.
        ("//x[@a = 'e\u{301}']", "/descendant::x[@a = 'e\u{301}']"),
    ])
    func naturalStepsAreRewritten(source: String, compiled: String) throws {
        #expect(XPathDescendantRewrite.rewrite(source) == compiled)
        #expect(try XPathExpression(source).compiledSource == compiled)
    }

    @Test(arguments: [
        "(//x)[1]", "//x[1]", "//x[last()]", "//x[position()<3]", "//x[@a][2]", "//x[$n]", "//x[count(y)]",
        "//x[1 + 0]", "//x[-1]", "//x[string-length(.)]", "//x[number(@a)]", "//x[(1)]", "//@a", "//self::x",
        "//descendant::x", "//..", "//.", "//x[ex:f()]", "//x[sum(y)]", "(//x | //y)[2]", "//x[@a div 2]",
        "//x[@a * 2]", "//x[ends-with(., 'a')]", "//x[not(position() = 1)]", "//x[y[1] and position() = 2]",
        "//x[string(last())]", "//x[@a][y][3]",
        // A prepended mark (U+0605) before a closing quote is one Character with it, but libxml2 reads the
        // quote: the predicate ends at the first ']' and a positional one follows.
        "//p[@class = '\u{0605}' or @class = ']'][1]",
    ])
    func positionalAndUnprovenStepsStayAsWritten(source: String) {
        #expect(XPathDescendantRewrite.rewrite(source) == source)
    }

    /// Two rows of `<p>` and a section: a position counted among one parent's children differs from one
    /// counted over the page.
    static let rows = """
        <html><body><div><p class='k'>1</p><p>2</p><p class='k'>3</p></div>
        <div><p class='k'>4</p><p class='k'>5</p></div><section><p class='k'>6</p></section></body></html>
        """

    @Test(arguments: [
        ("//p[1]", "/descendant::p[1]", ["1", "4", "6"]),
        ("//p[last()]", "/descendant::p[last()]", ["3", "5", "6"]),
        ("//p[position() < 3]", "/descendant::p[position() < 3]", ["1", "2", "4", "5", "6"]),
        ("//p[@class][2]", "/descendant::p[@class][2]", ["3", "5"]),
        ("//p[$n]", "/descendant::p[$n]", ["2", "5"]),
        (
            "//p[count(preceding-sibling::p) + 1]", "/descendant::p[count(preceding-sibling::p) + 1]",
            ["1", "2", "3", "4", "5", "6"]
        ),
        ("//p[string-length(.)]", "/descendant::p[string-length(.)]", ["1", "4", "6"]),
        ("//body//p[1]", "/descendant::body/descendant::p[1]", ["1", "4", "6"]),
        ("//body//p[position() = last()]", "/descendant::body/descendant::p[position() = last()]", ["3", "5", "6"]),
    ])
    func positionalStepsKeepTheirMeaning(rule: String, wrongRewrite: String, expected: [String]) throws {
        let document = try HTMLDocument(bytes: Array(Self.rows.utf8))
        let variables: [String: XPathValue] = ["n": .number(2)]
        func texts(_ expression: XPathExpression) throws -> [String] {
            try document.select(expression, variables: variables).map(\.text)
        }
        #expect(try texts(XPathExpression(rule)) == expected)
        // The page tells the forms apart: rewriting these steps would change what the rule reads.
        #expect(try texts(XPathExpression(wrongRewrite)) != expected)
    }

    @Test func parenthesisedPathsBeforeAPredicateStayAsWritten() throws {
        let document = try HTMLDocument(bytes: Array(Self.rows.utf8))
        let rule = try XPathExpression("(//p[@class])[2]")
        #expect(rule.compiledSource == rule.source)
        #expect(try document.select(rule).map(\.text) == ["3"])
    }

    @Test func anErrorNamesThePlaceInTheRuleAsWritten() {
        #expect(throws: HTMLError.self) { try XPathExpression("//div[@class='plan']]") }
        do {
            _ = try XPathExpression("//div[@class='plan']]")
        } catch {
            #expect("\(error)".contains("//div[@class='plan']]"))
            #expect(!"\(error)".contains("descendant"))
        }
    }

    /// Random rule shapes over random pages: the rewritten rule selects the same nodes (or the same value),
    /// from the document and from each row, as the rule compiled as written.
    @Test func rewrittenRulesSelectWhatTheRulesAsWrittenSelect() throws {
        var random = SplitMix64(seed: 12)
        var rewritten = 0
        var compared = 0
        for _ in 0..<40 {
            let document = try HTMLDocument(bytes: Array(RandomPage.html(using: &random).utf8))
            let rows = try document.select("/descendant::div")
            for _ in 0..<60 {
                let rule = RandomRule.source(using: &random)
                let natural = try XPathExpression(rule, css: nil, rewritingSteps: true)
                let asWritten = try XPathExpression(rule, css: nil, rewritingSteps: false)
                if natural.compiledSource != rule { rewritten += 1 }
                for context in [nil] + rows.prefix(4).map(Optional.some) {
                    let expected = try XPathEvaluator.evaluate(
                        asWritten, in: document, context: context, variables: ["n": .number(2)])
                    let actual = try XPathEvaluator.evaluate(
                        natural, in: document, context: context, variables: ["n": .number(2)])
                    #expect(Self.same(actual, expected), "\(rule) → \(natural.compiledSource)")
                    compared += 1
                }
            }
        }
        // Most generated rules have a step the rewrite applies to; the comparison is not vacuous.
        #expect(rewritten > 40 * 60 / 3)
        #expect(compared > 40 * 60)
    }

    private static func same(_ left: XPathResult, _ right: XPathResult) -> Bool {
        switch (left, right) {
        case (.nodes(let a), .nodes(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b || (a.isNaN && b.isNaN)
        case (.boolean(let a), .boolean(let b)): a == b
        default: false
        }
    }
}

/// Nested `div`/`p`/`span`/`ul`/`li`/`section` elements with a few classes and short texts.
private enum RandomPage {
    static func html(using random: inout SplitMix64) -> String {
        "<html><body>" + children(depth: 0, using: &random) + "</body></html>"
    }

    private static func children(depth: Int, using random: inout SplitMix64) -> String {
        var html = ""
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let name = ["div", "p", "span", "ul", "li", "section"].randomElement(using: &random)!
            let classes = ["plan", "price", "plan price", ""].randomElement(using: &random)!
            let attribute = classes.isEmpty ? "" : " class='\(classes)'"
            let inner = depth < 4 && Bool.random(using: &random) ? children(depth: depth + 1, using: &random) : ""
            html += "<\(name)\(attribute)>\(Int.random(in: 0...9, using: &random))\(inner)</\(name)>"
        }
        return html
    }
}

/// Rule shapes people write, with predicates that ignore position and predicates that do not.
private enum RandomRule {
    static let names = ["div", "p", "span", "li", "*", "ul"]
    static let predicates = [
        "@class", "@class='plan'", "contains(@class, 'pr')", "span", ".//li", "not(@class)", "normalize-space(.) != ''",
        "count(li) > 1", "span[1]", "@class and p", "string(@class)", "(@class)", "li | span", "text()",
        "1", "2", "last()", "position() < 3", "position() = last()", "count(li)", "$n", "string-length(@class)",
        "1 + 0", "p[last()]", ". = '3'",
    ]

    static func source(using random: inout SplitMix64) -> String {
        func step() -> String {
            let name = names.randomElement(using: &random)!
            let count = Int.random(in: 0...2, using: &random)
            return name + (0..<count).map { _ in "[\(predicates.randomElement(using: &random)!)]" }.joined()
        }
        switch Int.random(in: 0..<7, using: &random) {
        case 0: return "//" + step()
        case 1: return "//" + step() + "//" + step()
        case 2: return ".//" + step()
        case 3: return "(//" + step() + ")[1]"
        case 4: return "//" + step() + "/" + step()
        case 5: return "count(//" + step() + ")"
        default: return ".//" + step() + "//" + step() + " | //" + step()
        }
    }
}
