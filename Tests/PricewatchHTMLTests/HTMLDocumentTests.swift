import Testing

@testable import PricewatchHTML

@Suite struct HTMLDocumentTests {
    static func latin1(_ text: String) -> [UInt8] {
        // Encodes the test's text as windows-1252; only characters that code page has are used.
        text.unicodeScalars.map { scalar in
            switch scalar {
            case "€": 0x80
            case "–": 0x96
            default: UInt8(scalar.value)
            }
        }
    }

    @Test func windows1252PageDeclaredInMetaDecodesEuro() throws {
        let bytes = Self.latin1(
            "<html><head><meta charset=\"windows-1252\"></head><body><p>Pro: €39 – café</p></body></html>")
        let document = try HTMLDocument(bytes: bytes)
        #expect(document.encoding == CharacterEncoding(name: "windows-1252", source: .metaTag))
        #expect(try document.select("//p").first?.text == "Pro: €39 – café")
    }

    @Test func undeclaredWindows1252IsSniffed() throws {
        let document = try HTMLDocument(bytes: Self.latin1("<p>Price: €9</p>"))
        #expect(document.encoding.name == "windows-1252")
        #expect(document.encoding.source == .sniffed)
        #expect(try document.select("//p").first?.text == "Price: €9")
    }

    @Test func invalidBytesInADeclaredUTF8PageAreReadAsWindows1252() throws {
        let bytes = Array("<p>Pro: €".utf8) + [0xFF, 0xC3] + Array("5</p>".utf8)
        let document = try HTMLDocument(bytes: bytes, charset: "utf-8")
        #expect(document.encoding.name == "UTF-8")
        #expect(try document.select("//p").first?.text == "Pro: €ÿÃ5")
        #expect(document.warnings.count == 1)
    }

    @Test func httpCharsetOverridesWrongMeta() throws {
        let html = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>€5 · naïve</p></body></html>"
        let document = try HTMLDocument(bytes: Array(html.utf8), charset: "UTF-8")
        #expect(document.encoding.source == .httpHeader)
        #expect(try document.select("//p").first?.text == "€5 · naïve")
    }

    @Test func metaHTTPEquivIsHonoured() {
        let html = #"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>x</p>"#
        #expect(CharacterEncoding.detect(Array(html.utf8), httpCharset: nil).name == "windows-1252")
    }

    @Test func unknownDeclaredCharsetFallsBackToSniffing() {
        let html = "<meta charset=\"x-made-up\"><p>€</p>"
        let encoding = CharacterEncoding.detect(Array(html.utf8), httpCharset: "bogus-charset")
        #expect(encoding == CharacterEncoding(name: "UTF-8", source: .sniffed))
    }

    @Test func utf8ByteOrderMarkWins() throws {
        let document = try HTMLDocument(bytes: [0xEF, 0xBB, 0xBF] + Array("<p>£12</p>".utf8))
        #expect(document.encoding.source == .byteOrderMark)
        #expect(try document.select("//p").first?.text == "£12")
    }

    @Test func utf16PageWithBOMDecodes() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<p>¥300</p>".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try HTMLDocument(bytes: bytes).select("//p").first?.text == "¥300")
    }

    @Test func invalidUTF8IsRepairedNotTruncated() throws {
        // A stray 0xFF inside a UTF-8 page must not switch the whole page to Latin-1 or cut it short: only
        // that byte is read as windows-1252.
        let bytes = Array("<meta charset=utf-8><p>Pro €9 ".utf8) + [0xFF] + Array(" end</p><p>€10</p>".utf8)
        let document = try HTMLDocument(bytes: bytes, charset: "utf-8")
        let texts = try document.select("//p").map(\.text)
        #expect(texts == ["Pro €9 ÿ end", "€10"])
    }

    @Test func textCollapsesWhitespaceSkipsCommentsAndScripts() throws {
        let html = """
            <div id="x">  Monthly&nbsp;price:
              <!-- $99 old price --><b>$9</b><script>var p = 1;</script>&amp; more<br>next<p>a</p><p>b</p></div>
            """
        let document = try HTMLDocument(html: html)
        let text = try #require(try document.select("//div[@id='x']").first).text
        #expect(text == "Monthly price: $9& more next a b")
    }

    @Test(arguments: [
        ("<p>Pro\u{2003}plan:\u{00A0}€9\u{3000}/\u{2009}mo</p>", "Pro plan: €9 / mo"),
        ("<p>  ünï  <b>cödé</b>\u{0085}x<span>\u{200B}y</span></p>", "ünï cödé x\u{200B}y"),
        ("<p>a<b>b</b><div>c</div>  d</p><p>€</p>", "ab c d €"),
        ("<p>\u{00A0}</p><p>a\tb\r\nc  d</p>", "a b c d"),
        ("<p title=' x \u{00A0}y '>t</p>", "t"),
    ])
    func textCollapsesUnicodeSpacesBetweenWords(html: String, expected: String) throws {
        let document = try HTMLDocument(html: "<body>\(html)</body>")
        #expect(try #require(try document.select("//body").first).text == expected)
    }

    @Test func attributeTextIsCollapsedToo() throws {
        let document = try HTMLDocument(html: "<p title=' x \u{00A0}y\u{2003}z '>t</p>")
        #expect(try document.select("//p/@title").first?.text == "x y z")
    }

    @Test func xpathVariablesSelectByValue() throws {
        let html = "<div><h3>Pro</h3><ul><li>A</li><li>B</li></ul></div><div><h3>Team</h3><ul><li>C</li></ul></div>"
        let document = try HTMLDocument(html: html)
        let items = try document.select("//div[h3=$plan]//li", variables: ["plan": .string("Team")])
        #expect(items.map(\.text) == ["C"])
    }

    @Test func xpathVariablesAreBoundPerExpressionAndNeverLeak() throws {
        let html = "<div><h3>Pro</h3><p>$9</p></div><div><h3>Team</h3><p>$29</p></div>"
        let document = try HTMLDocument(html: html)
        let variables: [String: XPathValue] = ["plan": .string("Team"), "plan-2": .string("Pro"), "unused": .number(1)]
        let compiled = try XPathExpression("//div[h3=$plan-2]/p | //div[h3=$plan]/p[contains(., '$')]")
        #expect(try document.select(compiled, variables: variables).map(\.text) == ["$9", "$29"])
        // A variable bound for one query is gone for the next, which names it without passing it.
        #expect(throws: HTMLError.self) { try document.select("//div[h3=$plan]/p") }
    }

    @Test func xpathScalarsAndAttributes() throws {
        let document = try HTMLDocument(html: #"<a href="/x" class="c">Link</a><a href="/y">2</a>"#)
        #expect(try document.evaluate("count(//a)").text == "2")
        #expect(try document.evaluate("string(//a[1]/@href)").text == "/x")
        let attributes = try document.select("//a/@href")
        #expect(attributes.map(\.text) == ["/x", "/y"])
        #expect(attributes.first?.isAttribute == true)
        #expect(try document.select("//a").first?.attribute("class") == "c")
        #expect(try document.select("//a").first?.attribute("missing") == nil)
    }

    @Test func relativeQueriesUseTheContextNode() throws {
        let html = "<table><tr><td>Pro</td><td>$9</td></tr><tr><td>Team</td><td>$19</td></tr></table>"
        let rows = try HTMLDocument(html: html).select("//tr")
        #expect(try rows.map { try $0.evaluate("td[2]").text } == ["$9", "$19"])
    }

    @Test func invalidXPathNamesExpressionAndPosition() throws {
        let document = try HTMLDocument(html: "<p>x</p>")
        do {
            _ = try document.select("//div[@class='a'")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("//div[@class='a'"))
            #expect(error.description.contains("position"))
        }
    }

    @Test func scalarWhereNodesExpectedIsAnError() throws {
        let document = try HTMLDocument(html: "<p>x</p>")
        #expect(throws: HTMLError.self) { try document.select("count(//p)") }
    }

    @Test func emptyInputIsAClearError() {
        #expect(throws: HTMLError(kind: .emptyDocument)) { try HTMLDocument(bytes: Array("  \n".utf8)) }
    }

    @Test func malformedMarkupRecovers() throws {
        let html = "<TABLE><TR><TD>Pro<TD>$9<TR><TD>Team<TD>$19</TABLE><p>unclosed <b>bold"
        let document = try HTMLDocument(html: html)
        #expect(try document.select("//tr").count == 2)
        #expect(try document.select("//td").map(\.text) == ["Pro", "$9", "Team", "$19"])
    }

    @Test func nodesOutliveTheirDocumentVariable() throws {
        func firstParagraph() throws -> HTMLNode? {
            try HTMLDocument(html: "<p>kept alive</p>").select("//p").first
        }
        #expect(try firstParagraph()?.text == "kept alive")
    }

    @Test func selectedScriptReadsAsItsContentButScriptsInsideAreSkipped() throws {
        let document = try HTMLDocument(
            html: #"<div>Pro <script type="application/ld+json">{"price": 9}</script>plan</div>"#)
        #expect(try document.select("//script").first?.text == #"{"price": 9}"#)
        #expect(try document.select("//div").first?.text == "Pro plan")
    }

    @Test func fixturePageParses() throws {
        let path = "\(#filePath)".split(separator: "/").dropLast(3).joined(separator: "/")
        let fixture = "/\(path)/../shared/fixtures/costbench/kling-api.html"
        let bytes = try readFile(fixture)
        let document = try HTMLDocument(bytes: bytes)
        #expect(try document.select("//section[@id='plans']//tbody/tr[td[2]]").count >= 4)
    }
}

func readFile(_ path: String) throws -> [UInt8] {
    struct Missing: Error, CustomStringConvertible { let description: String }
    guard let file = fopen(path, "rb") else { throw Missing(description: "cannot open \(path)") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    return bytes
}

#if canImport(Glibc)
    import Glibc
#endif
