import Testing

@testable import PricewatchHTML

/// A page libxml2 reads only in part must never give a shorter document: it is read whole within our own
/// bounds, or refused with the reason. libxml2 2.9.14 stops at 256 levels and at 10 MB text nodes, stops
/// reading at a NUL inside a tag, and drops the rest of a page after bytes iconv cannot decode.
@Suite struct IncompleteParseTests {
    /// A page whose second paragraph sits `depth` elements deep, followed by a paragraph at the top.
    static func nested(_ depth: Int, tag: String = "div") -> String {
        "<html><body><p>before</p>" + String(repeating: "<\(tag)>", count: depth) + "<p>deep</p>"
            + String(repeating: "</\(tag)>", count: depth) + "<p>after</p></body></html>"
    }

    static func paragraphs(_ document: HTMLDocument) throws -> [String] {
        try document.select("//p").map(\.text)
    }

    @Test(arguments: [300, 1000, HTMLDocument.maximumDepth - 10])
    func pagesNestedPastLibxml2sDefaultLimitAreReadWhole(depth: Int) throws {
        let document = try HTMLDocument(html: Self.nested(depth))
        #expect(try Self.paragraphs(document) == ["before", "deep", "after"])
        // The text walk is a loop: the whole page's text reads without a stack frame per level.
        #expect(document.root?.text == "before deep after")
    }

    @Test func unclosedTagsRepeatedPastTheLimitAreReadWhole() throws {
        // A template that opens a <div> per row and never closes it: the nesting real pages reach.
        let rows = (1...600).map { "<div class=row><span>row \($0)</span>" }.joined()
        let document = try HTMLDocument(html: "<html><body>\(rows)<p>after</p></body></html>")
        #expect(try document.select("//span").count == 600)
        #expect(try Self.paragraphs(document) == ["after"])
    }

    @Test func pagesNestedDeeperThanTheBoundAreRefusedWithTheReason() {
        #expect {
            _ = try HTMLDocument(html: Self.nested(HTMLDocument.maximumDepth + 10))
        } throws: { error in
            let text = "\(error)"
            return text.contains("could not be read to its end")
                && text.contains("nested more than \(HTMLDocument.maximumDepth) levels deep")
        }
    }

    @Test func textNodesOverTenMegabytesAreReadWhole() throws {
        let huge = String(repeating: "a", count: 10_000_001)
        let document = try HTMLDocument(html: "<html><body><p>\(huge)</p><p>after</p></body></html>")
        let texts = try Self.paragraphs(document)
        #expect(texts.count == 2)
        #expect(texts.first?.utf8.count == huge.utf8.count)
        #expect(texts.last == "after")
    }

    @Test(arguments: ["<p class=\"a\0b\">one</p>", "<p\0>one</p>", "<p>o\0ne</p>"])
    func nulBytesDoNotEndThePage(_ markup: String) throws {
        let document = try HTMLDocument(html: "<html><body>\(markup)<p>after</p></body></html>")
        let texts = try Self.paragraphs(document)
        #expect(texts.last == "after", "\(texts)")
    }

    @Test func bytesInvalidInAnEncodingLibxml2DecodesAreRefused() throws {
        // Shift_JIS is decoded by libxml2 (iconv), which drops everything after the first invalid sequence.
        let page: [UInt8] =
            Array("<html><body><p>".utf8) + [0x82, 0xA0] + Array("</p><p>".utf8) + [0x82, 0xFF, 0xFF]
            + Array(" bad</p><p>after</p></body></html>".utf8)
        #expect {
            _ = try HTMLDocument(bytes: page, charset: "shift_jis")
        } throws: { error in
            "\(error)".contains("not valid SHIFT_JIS")
        }
        let valid = Array("<html><body><p>".utf8) + [0x82, 0xA0] + Array("</p><p>after</p></body></html>".utf8)
        let document = try HTMLDocument(bytes: valid, charset: "shift_jis")
        #expect(try Self.paragraphs(document) == ["あ", "after"])
    }

    @Test func windows1252BytesInAPageDeclaredUTF8AreReadAsWindows1252WithAWarning() throws {
        let bytes =
            Array("<html><head><meta charset=utf-8></head><body><p>Caf".utf8) + [0xE9, 0x20, 0x80]
            + Array("9 \u{2013} Pro</p></body></html>".utf8)
        let document = try HTMLDocument(bytes: bytes)
        #expect(document.encoding == CharacterEncoding(name: "UTF-8", source: .metaTag))
        #expect(try Self.paragraphs(document) == ["Café €9 – Pro"])
        #expect(document.warnings.count == 1)
        #expect(document.warnings.first?.contains("2 of its bytes are not") == true, "\(document.warnings)")
        #expect(document.warnings.first?.contains("windows-1252") == true)
    }

    @Test func validUTF8PagesHaveNoWarnings() throws {
        let document = try HTMLDocument(bytes: Array("<p>Café €9</p>".utf8), charset: "utf-8")
        #expect(document.warnings.isEmpty)
        #expect(try Self.paragraphs(document) == ["Café €9"])
    }
}
