import PricewatchTestSupport
import Testing

@testable import PricewatchHTML

@Suite struct RawTextStripperTests {
    static let both: HTMLParseOptions = [.dropScriptText, .dropStyleText]

    static func strip(_ html: String, _ options: HTMLParseOptions = both) -> String? {
        RawTextStripper(options: options).strip(Array(html.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: [
        ("<p>a</p><script>var x = 1 < 2;</script><p>b</p>", "<p>a</p><script></script><p>b</p>"),
        ("<style>p { color: red }</style><p>b</p>", "<style></style><p>b</p>"),
        // Data scripts go too: the rules that read them name `script`, which keeps them (see SiteRules).
        (#"<script type="application/json">{"a": "</div>"}</script>"#, #"<script type="application/json"></script>"#),
        ("<SCRIPT>x</SCRIPT ><Style>y</STYLE>", "<SCRIPT></SCRIPT ><Style></STYLE>"),
        // libxml2 ends raw text at the first `</script`, even inside a string.
        ("<script>a = '</script>'; b</script>", "<script></script>'; b</script>"),
        // Markup inside raw text is text: a `<style>` in a script starts nothing.
        ("<script>s = '<style>'</script><p>x</p><style>z</style>", "<script></script><p>x</p><style></style>"),
        // Attribute values may hold `>` and tag-like text.
        (
            #"<a title="<script>" href='>'>l</a><script>k</script>"#,
            #"<a title="<script>" href='>'>l</a><script></script>"#
        ),
        ("<!-- <script> --><p>c</p><script>d</script>", "<!-- <script> --><p>c</p><script></script>"),
        ("<!-- a --!><script>d</script>", "<!-- a --!><script></script>"),
        ("<!DOCTYPE html><script async src=x.js>e</script>", "<!DOCTYPE html><script async src=x.js></script>"),
        // An unquoted value ending in `/` does not close the element; `/>` after an attribute does.
        ("<script src=a/>f</script>", "<script src=a/></script>"),
        ("<script src='a' />g<p>h</p><script>i</script>", "<script src='a' />g<p>h</p><script></script>"),
        ("<scripts>j</scripts><script>k</script>", "<scripts>j</scripts><script></script>"),
        ("a < b <script>l</script>", "a < b <script></script>"),
        ("<script src=x></script><p>m</p><script>n</script>", "<script src=x></script><p>m</p><script></script>"),
        ("<![CDATA[<style>o</style>]]>", "<![CDATA[<style></style>]]>"),
        ("<script>\n<p>p</script>", "<script></script>"),
    ])
    func removesRawText(html: String, expected: String) {
        #expect(Self.strip(html) == expected)
    }

    @Test(arguments: [
        "<p>no scripts at all</p>",
        "<script></script><style></style>",
        // Cut-off markup: stop and leave the rest to libxml2 as it is.
        "<script>never closed",
        "<!-- never closed <script>x</script>",
        "<div title=\"never closed><script>x</script>",
        "<script src=x",
        // `<!-->` opens a comment that only `-->` closes.
        "<!--><script>d</script>-->",
        // libxml2 reads a tag at the very start of raw text as markup.
        "<script><p>q</script><style>r</style>",
        "<style></p>s</style><style>t</style>",
    ])
    func leavesPagesWithNothingToRemoveAlone(html: String) {
        #expect(Self.strip(html) == nil)
    }

    @Test func optionsChooseTheElements() {
        let html = "<style>s</style><script>j</script>"
        #expect(Self.strip(html, .dropScriptText) == "<style>s</style><script></script>")
        #expect(Self.strip(html, .dropStyleText) == "<style></style><script>j</script>")
        #expect(Self.strip(html, []) == nil)
    }

    @Test func jsonLDScriptsCanBeKept() {
        let html = #"<script>j</script><script type="application/LD+JSON">{"a":1}</script><script src=x>k</script>"#
        #expect(
            Self.strip(html, [.dropScriptText, .keepJSONLDScripts])
                == #"<script></script><script type="application/LD+JSON">{"a":1}</script><script src=x></script>"#)
        #expect(
            Self.strip(html, .dropScriptText)
                == #"<script></script><script type="application/LD+JSON"></script><script src=x></script>"#)
        // Without dropScriptText there is nothing to keep.
        #expect(Self.strip(html, .keepJSONLDScripts) == nil)
    }

    @Test func strippedDocumentKeepsElementsAndVisibleText() throws {
        let html = #"<body><h1>Pro <script>track()</script>plan</h1><style>h1{}</style><p>$9</p></body>"#
        let document = try HTMLDocument(html: html, options: Self.both)
        #expect(try document.select("//h1").first?.text == "Pro plan")
        #expect(try document.select("//script").count == 1)
        #expect(try document.evaluate("string(//script)").text == "")
        #expect(try document.select("//*").map(\.name) == ["html", "body", "h1", "script", "style", "p"])
    }

    @Test func invalidUTF8OutsideRemovedTextIsStillRepaired() throws {
        // 0xFF is never valid UTF-8: the one in the script goes with the script, the one in <p> reads as
        // windows-1252 (ÿ), and only that one is counted in the warning.
        let bytes =
            Array("<script>var a = '".utf8) + [0xFF] + Array("';</script><p>Pro ".utf8) + [0xFF]
            + Array(" plan</p>".utf8)
        let document = try HTMLDocument(bytes: bytes, charset: "utf-8", options: Self.both)
        #expect(try document.select("//p").first?.text == "Pro ÿ plan")
        #expect(try document.evaluate("string(//script)").text == "")
        #expect(document.warnings.first?.contains(" 1 of its bytes") == true, "\(document.warnings)")
    }

    /// Differential check against libxml2 itself: for many random pages built from the pieces tokenizers
    /// disagree on, parsing with raw text removed must give the same elements, attributes and visible text
    /// as parsing the page whole.
    @Test func randomPagesParseToTheSameTree() async throws {
        let pieces = [
            "<script>", "</script>", "<style>", "</style>", "<SCRIPT type=\"x\">", "</scrIPT >", "<!--", "-->",
            "<p>", "</p>", "<div class=\"", "\">", "'", "\"", ">", "/>", "<script src=a/>", "<script src='b'/>",
            "text ", "<", "</", "<!DOCTYPE html>", "<a title='<script>'>", "</a>", "=", " ", "<br>", "<?pi?>",
            "<textarea>", "</textarea>", "<title>", "</title>", "<td>", "<table>", "<!-->", "<!--->", "--!>",
            "<script\n>", "<script/x>", "<style media=a>", "</style\t>", "\"<", "<b>", "</b>", "</ script>",
            "<scriptx>", "<!doctype x>", "<![CDATA[", "]]>", "<STYLE>", "\n", "&amp;", "<noscript>", "</noscript>",
            "<template>", "</template>", "<a href=x>", "<p class=a'b>", "</p x=\">\">", "<svg>", "</svg>",
            "<_x>", "</_x>", "<:y>", "<script><!--", "<script>\n<noscript>", "<xmp>", "</xmp>", "<iframe>",
            "</iframe>", "<noembed>", "<plaintext>", "<select><option>",
        ]
        var random = SplitMix64(seed: 0x5EED)
        for round in 0..<5000 {
            // Parsing thousands of pages is long: let other tests' tasks run on the shared threads meanwhile.
            if round % 50 == 0 { await Task.yield() }
            let count = Int(random.next() % 24) + 1
            let html = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            guard let whole = try? Self.shape(of: HTMLDocument(html: html)) else {
                #expect(throws: HTMLError.self, "page: \(html)") { try HTMLDocument(html: html, options: Self.both) }
                continue
            }
            let stripped = try Self.shape(of: HTMLDocument(html: html, options: Self.both))
            #expect(whole == stripped, "page: \(html.debugDescription)")
        }
    }

    @Test func fixturePagesParseToTheSameTree() throws {
        let root = "/" + "\(#filePath)".split(separator: "/").dropLast(3).joined(separator: "/") + "/../shared/fixtures"
        for page in [
            "costbench/kling-api.html", "costbench/fal-ai.html", "costbench/luma-dream-machine-api.html",
            "costbench/luma-dream-machine-api.v2.html", "lumalabs/dream-machine-pricing.html",
        ] {
            let bytes = try readFile("\(root)/\(page)")
            let whole = try Self.shape(of: HTMLDocument(bytes: bytes))
            let stripped = try Self.shape(of: HTMLDocument(bytes: bytes, options: Self.both))
            #expect(whole == stripped, "\(page)")
            #expect(whole.elements.count > 50, "\(page)")
        }
    }

    /// Elements in document order, every attribute, and the visible text: what rules can see.
    static func shape(of document: HTMLDocument) throws -> (elements: [String], attributes: [String], text: String) {
        let elements = try document.select("//*").map(\.name)
        let attributes = try document.select("//@*").map { "\($0.name)=\($0.text)" }
        return (elements, attributes, document.root?.text ?? "")
    }
}
