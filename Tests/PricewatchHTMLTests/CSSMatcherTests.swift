import PricewatchTestSupport
import Testing

@testable import PricewatchHTML

/// Compiled CSS selectors are answered by walking the tree; they must select exactly the nodes, in the same
/// order, that libxml2 selects for their XPath translation.
@Suite struct CSSMatcherTests {
    static let names = ["div", "p", "li", "span", "*", ""]
    static let conditions = [
        "#a", "#b", ".x", ".y", ".x-y", "[data-t]", "[data-t=a]", "[data-t~=a]", "[data-t^=a]", "[data-t$=b]",
        "[data-t*=a]", "[data-t|=a]", "[data-t=\"\"]", "[data-t^=\"\"]", ":first-child", ":last-child",
        ":nth-child(2)", ":nth-child(2n+1)", ":nth-child(-n+2)", ":nth-child(odd)", ":nth-child(3n)", ":not(.x)",
        ":not(p)", ":not([data-t])", "[title='a b']",
    ]
    static let combinators = [" ", " > ", " + ", " ~ "]

    static func randomSelector(_ random: inout SplitMix64) -> String {
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        func compound() -> String {
            var text = pick(names)
            for _ in 0..<(random.next() % 3) { text += pick(conditions) }
            return text.isEmpty ? "*" : text
        }
        var selectors: [String] = []
        for _ in 0...(random.next() % 2) {
            var text = compound()
            for _ in 0..<(random.next() % 3) { text += pick(combinators) + compound() }
            selectors.append(text)
        }
        return selectors.joined(separator: ", ")
    }

    static func randomPage(_ random: inout SplitMix64) -> String {
        let tags = ["div", "p", "li", "span", "ul", "b"]
        let classes = ["x", "y", "x y", " x\ty ", "x-y", "", "X"]
        let values = ["a", "b", "a b", "ab", "a-b", "", "ba", "a-"]
        var html = ""
        var open: [String] = []
        for _ in 0..<(Int(random.next() % 40) + 5) {
            switch random.next() % 4 {
            case 0 where !open.isEmpty:
                html += "</\(open.removeLast())>"
            case 1:
                html += "text "
            default:
                let tag = tags[Int(random.next() % UInt64(tags.count))]
                var attributes = ""
                if random.next() % 2 == 0 { attributes += " class=\"\(classes[Int(random.next() % 7)])\"" }
                if random.next() % 2 == 0 { attributes += " data-t=\"\(values[Int(random.next() % 8)])\"" }
                if random.next() % 4 == 0 { attributes += " id=\"\(["a", "b"][Int(random.next() % 2)])\"" }
                if random.next() % 6 == 0 { attributes += " title=\"a b\"" }
                html += "<\(tag)\(attributes)>"
                open.append(tag)
            }
        }
        return "<body>" + html + "</body>"
    }

    @Test func compiledSelectorsSelectWhatTheirTranslationSelects() throws {
        var random = SplitMix64(seed: 0xC55)
        for _ in 0..<300 {
            let document = try HTMLDocument(html: Self.randomPage(&random))
            let contexts = [nil] + (try document.select("/descendant::*"))
            for _ in 0..<8 {
                let css = Self.randomSelector(&random)
                for relative in [false, true] {
                    let compiled = try CSSSelector.compile(css, relative: relative)
                    let translation = try XPathExpression(CSSSelector.xpath(for: css, relative: relative))
                    #expect(compiled.css != nil && translation.css == nil)
                    for context in contexts {
                        let fast = try context.map { try $0.select(compiled) } ?? document.select(compiled)
                        let slow = try context.map { try $0.select(translation) } ?? document.select(translation)
                        #expect(fast == slow, "\(css) relative: \(relative) in \(context?.name ?? "document")")
                    }
                }
            }
        }
    }

    @Test func containsIsLeftToTheTranslation() throws {
        #expect(try CSSSelector.compile("p:contains('x')").css == nil)
        #expect(try CSSSelector.compile("p:not(:contains('x'))").css == nil)
        let document = try HTMLDocument(html: "<p>x</p><p>y</p>")
        #expect(try document.select(CSSSelector.compile("p:contains('y')")).map(\.text) == ["y"])
    }
}
