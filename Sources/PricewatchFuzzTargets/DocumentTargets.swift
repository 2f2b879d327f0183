import PricewatchHTML

extension FuzzTarget {
    /// The charsets a page may claim, chosen by an input's first byte: none, the Swift-decoded ones, and
    /// ones libxml2 decodes through iconv.
    static let charsets: [String?] = [nil, "utf-8", "windows-1252", "utf-16le", "utf-16be", "shift_jis", "koi8-r"]

    /// Encoding detection: deterministic, and always an encoding the parser can read.
    static let encoding = FuzzTarget(name: "encoding", seeds: pageFixtures) { bytes throws(FuzzFailure) in
        let charset = charsets[Int(bytes.first ?? 0) % charsets.count]
        let page = Array(bytes.dropFirst())
        let detected = CharacterEncoding.detect(page, httpCharset: charset)
        try require(detected == CharacterEncoding.detect(page, httpCharset: charset), "detection is not stable")
        try require(!detected.name.isEmpty, "an empty encoding name")
    }

    /// The libxml2 parse, with encoding detection: a page gives a document or an error, the
    /// document's text and elements read, and an element-heavy query finds no element twice.
    static let html = FuzzTarget(name: "html", seeds: pageFixtures) { bytes throws(FuzzFailure) in
        let charset = charsets[Int(bytes.first ?? 0) % charsets.count]
        guard let document = try? HTMLDocument(bytes: Array(bytes.dropFirst()), charset: charset) else { return }
        _ = document.root?.text
        guard let elements = try? document.select("//*") else { throw FuzzFailure("//* failed on a parsed page") }
        try require(Set(elements).count == elements.count, "//* selected an element twice")
        for element in elements.prefix(64) {
            _ = element.name
            _ = element.attribute("class")
        }
    }

    /// Raw-text stripping against libxml2 itself: leaving script and style text out keeps every element,
    /// in the same order, and every text outside scripts and styles.
    static let rawText = FuzzTarget(name: "raw-text", seeds: pageFixtures) { bytes throws(FuzzFailure) in
        let page = Array(bytes)
        guard let whole = try? HTMLDocument(bytes: page, charset: "utf-8"),
            let stripped = try? HTMLDocument(
                bytes: page, charset: "utf-8", options: [.dropScriptText, .dropStyleText])
        else { return }
        func names(_ document: HTMLDocument) -> [String]? { try? document.select("//*").map(\.name) }
        try require(names(whole) == names(stripped), "stripping changed the elements")
        let visibleText = "//text()[not(ancestor::script) and not(ancestor::style)]"
        func texts(_ document: HTMLDocument) -> [String]? {
            try? document.select(visibleText).map(\.text)
        }
        try require(texts(whole) == texts(stripped), "stripping changed the text outside scripts and styles")
    }

    /// The CSS tokenizer, parser and compiler, and the compiled matcher against libxml2's evaluation of the
    /// XPath translation on a tree the rest of the input builds. The first line is the selector.
    static let css = FuzzTarget(name: "css") { bytes throws(FuzzFailure) in
        let newline = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
        let selector = text(Array(bytes[..<newline]))
        let relative = bytes.count % 2 == 1
        guard let xpath = try? CSSSelector.xpath(for: selector, relative: relative) else { return }
        let compiled: XPathExpression
        do {
            compiled = try CSSSelector.compile(selector, relative: relative)
        } catch {
            // Only a translation that is not XPath (a name with characters XML names may not have) fails here.
            try require(
                (try? XPathExpression(xpath)) == nil,
                "\(selector.debugDescription) translates to valid XPath but does not compile: \(error)")
            return
        }
        let tree = RandomTree(bytes.dropFirst(newline < bytes.endIndex ? newline + 1 : newline)).html
        guard let document = try? HTMLDocument(html: tree) else { return }
        let contexts = [document.root].compactMap { $0 } + ((try? document.select("//body/*")) ?? []).prefix(3)
        for context in contexts {
            let matched = try? context.select(compiled)
            let evaluated = try? context.select(xpath)
            try require(
                matched == evaluated,
                "\(selector.debugDescription) on \(tree): matcher \(matched?.map(\.name) ?? []), "
                    + "XPath \(xpath) \(evaluated?.map(\.name) ?? [])")
        }
    }
}

/// A small page built from bytes: elements of a few names with classes, ids, attributes and text, nested
/// as the bytes say, so selectors have something to match and miss.
struct RandomTree {
    private static let names = ["div", "p", "span", "ul", "li", "a", "section", "b"]
    private static let words = ["card", "pro", "plan", "price", "x", "card-pro", "Pro", ""]
    let html: String

    init(_ bytes: ArraySlice<UInt8>) {
        var html = "<html><body>"
        var open: [String] = []
        for (index, byte) in bytes.prefix(256).enumerated() {
            let word = Self.words[Int(byte >> 5)]
            switch byte & 0x7 {
            case 0, 1, 2:
                let name = Self.names[Int(byte >> 3) % Self.names.count]
                let attribute = byte & 0x8 == 0 ? "class=\"\(word) \(Self.words[index % 8])\"" : "id=\"\(word)\""
                html += "<\(name) \(attribute) data-i=\"\(index)\">"
                open.append(name)
            case 3, 4:
                if let name = open.popLast() { html += "</\(name)>" }
            case 5:
                html += word.isEmpty ? " " : word
            default:
                html += "<b lang=\"\(word)-US\">\(index)</b>"
            }
        }
        html += open.reversed().map { "</\($0)>" }.joined() + "</body></html>"
        self.html = html
    }
}
