import PricewatchTestSupport
import Testing

@testable import PricewatchHTML

/// One-step child paths (`td[2]`) and the tree walks of ``HTMLNode`` are answered without libxml2's XPath;
/// they must select exactly what it does.
@Suite struct XPathChildStepTests {
    @Test(arguments: ["td", "td[1]", "td[2]", "td[12]", "*", "*[1]", "*[3]", "_x", "a-b.c[1]", "TD[1]"])
    func recognisedForms(source: String) throws {
        #expect(XPathChildStep(source) != nil)
        #expect(try XPathExpression(source).childStep != nil)
    }

    @Test(arguments: [
        "td[0]", "td[01]", "td[ 1 ]", " td", "td/b", ".//td", "td[last()]", "td[@x]", "svg:td", "1td", "td[1][2]",
        "@href", "text()", "..", "td[1234567]", "",
    ])
    func otherFormsGoToLibxml2(source: String) {
        #expect(XPathChildStep(source) == nil)
    }

    @Test func ancestorsAndChildrenByNameMatchTheirXPath() throws {
        var random = SplitMix64(seed: 0x7AB1E)
        let pieces = [
            "<table>", "</table>", "<tr>", "<td>", "x", "<th>", "<div>", "</div>", "<TD>", "<b>", "</b>", "<svg>",
        ]
        for _ in 0..<300 {
            let html = (0..<(Int(random.next() % 25) + 1)).map { _ in pieces[Int(random.next() % 12)] }.joined()
            let document = try HTMLDocument(html: html)
            for node in try document.select("/descendant::*") {
                #expect(node.ancestor(named: "table") == (try node.select("ancestor::table[1]")).first, "\(html)")
                #expect(node.ancestor(named: "div") == (try node.select("ancestor::div[1]")).first, "\(html)")
                #expect(node.children(named: ["td", "th"]) == (try node.select("*[self::td or self::th]")), "\(html)")
                #expect(node.children(named: ["b"]) == (try node.select("b")), "\(html)")
            }
        }
    }

    /// Random rows and documents, each queried both ways: the fast walk, and libxml2 through the `child::`
    /// spelling of the same step, which is not recognised and so is evaluated by libxml2.
    @Test func selectsWhatLibxml2Selects() throws {
        let pieces = [
            "<tr>", "</tr>", "<td>", "</td>", "<th>", "a", " ", "<!-- c -->", "<b>", "</b>", "<td colspan=2>",
            "<table>", "</table>", "<p>", "<TD>", "<x-y>", "</x-y>", "<a-b.c>", "<br>", "<svg><td>", "</svg>",
            "<script>td</script>", "<_x>",
        ]
        let steps = ["td", "td[1]", "td[2]", "td[3]", "th", "*", "*[1]", "*[2]", "*[4]", "b", "p[1]", "a-b.c", "_x"]
        var random = SplitMix64(seed: 0xC41D)
        for _ in 0..<400 {
            let count = Int(random.next() % 30) + 1
            let html = "<table>" + (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let document = try HTMLDocument(html: html)
            let contexts = [nil] + (try document.select("/descendant::*"))
            for context in contexts {
                for step in steps {
                    let fast = try XPathExpression(step)
                    let slow = try XPathExpression("child::" + step)
                    #expect(fast.childStep != nil && slow.childStep == nil)
                    let fastNodes = try context.map { try $0.select(fast) } ?? document.select(fast)
                    let slowNodes = try context.map { try $0.select(slow) } ?? document.select(slow)
                    #expect(fastNodes == slowNodes, "\(step) in \(context?.name ?? "document") of \(html)")
                }
            }
        }
    }
}
