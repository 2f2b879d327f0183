internal import CDocumentArena
internal import CLibXML2

/// A parsed HTML page that can be queried with XPath or CSS selectors.
///
/// Parsing is forgiving the way browsers are (recover mode): unclosed tags, stray markup and wrong
/// encodings still give a document. But a page libxml2 could not read to the end is an error, never a
/// shorter document: a tree cut short would look like plans removed. It never touches the network. One
/// document must be used by one thread at a time; different documents can be parsed and queried on
/// different threads at once.
public final class HTMLDocument {
    let pointer: xmlDocPtr
    /// The chunks the tree was parsed into, for a page of up to ``arenaLargestMarkup`` bytes.
    private let arena: OpaquePointer?
    /// The encoding the page was decoded with, and why.
    public let encoding: CharacterEncoding
    /// What was read differently from what the page says, for the user to know (empty for most pages).
    public let warnings: [String]

    /// How deep elements may nest. libxml2 stops at 256 levels unless told otherwise, which real pages with
    /// unclosed tags reach; past this bound the page is refused rather than cut short. Browsers flatten
    /// past 512 levels; the text and tree walks here are loops, so depth costs no stack.
    public static let maximumDepth = 4096

    /// The largest page (in bytes, as parsed) whose tree goes into an arena. A page's tree takes about ten
    /// times its size; a larger page's comes from malloc, so a big page costs no more memory than through
    /// malloc (the arena's 8-byte size before each block, and its 64 KB chunks, are paid only by small pages).
    static let arenaLargestMarkup = 1 << 20

    /// Parses an HTML page.
    ///
    /// - Parameters:
    ///   - bytes: The page as served.
    ///   - url: The page's URL, used as the document's base.
    ///   - charset: The charset from the HTTP `Content-Type` header, if any; it overrides the page's own.
    ///   - options: What to leave out of the page while parsing it.
    /// - Throws: ``HTMLError`` when the bytes hold no document at all, or libxml2 could not read all of them.
    public init(bytes: [UInt8], url: String? = nil, charset: String? = nil, options: HTMLParseOptions = [])
        throws(HTMLError)
    {
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw HTMLError(kind: .emptyDocument)
        }
        let encoding = CharacterEncoding.detect(bytes, httpCharset: charset)
        // Encodings Swift decodes are handed over as UTF-8; others go to libxml2 (iconv) as they are. The
        // page's own <meta> is ignored either way: the decision above already took it into account.
        let stripper = RawTextStripper(options: options)
        let input: CharacterEncoding.Transcoded?
        if encoding.name == "UTF-8" {
            // Stripped before it is checked: raw text left out is never parsed, so its bytes need no check
            // (the stripper reads only ASCII, which no byte of a multi-byte sequence can be).
            input = encoding.transcodeToUTF8(stripper.strip(bytes) ?? bytes)
        } else {
            // Other encodings Swift decodes are stripped once they are UTF-8; the markup of those left to
            // libxml2 need not be ASCII bytes, so they are parsed whole.
            input = encoding.transcodeToUTF8(bytes).map { .init(utf8: stripper.strip($0.utf8) ?? $0.utf8) }
        }
        let markup = input?.utf8 ?? bytes
        guard markup.count < Int32.max else {
            throw HTMLError(kind: .unparsable("the page is larger than libxml2 reads (2 GB)"))
        }
        LibXML2.ensureInitialised()
        clibxml2_silence_errors()
        let encodingName = input == nil ? encoding.name : "UTF-8"
        // libxml2 keeps the thread's last error (its strings copied) after the parse: it is made now, outside
        // the arena, and cleared before the arena stops being current, so nothing but the document points
        // into the arena once the parse is over.
        xmlResetLastError()
        let arena = LibXML2.arenaInstalled && markup.count <= Self.arenaLargestMarkup ? pw_arena_begin() : nil
        let parsed = markup.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { Self.parse($0, url: url, encoding: encodingName) }
        }
        if let arena {
            xmlResetLastError()
            pw_arena_end(arena)
            if case .failure = parsed { pw_arena_release(arena) }
        }
        self.pointer = try parsed.get()
        self.arena = arena
        self.encoding = encoding
        let misread = input?.misreadBytes ?? 0
        self.warnings =
            misread == 0
            ? []
            : [
                "the page says it is UTF-8 (\(encoding.source.rawValue)) but \(misread) of its bytes are not; "
                    + "they were read as windows-1252"
            ]
    }

    private static let parseOptions = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
            // Lifts libxml2's limits of 256 levels and 10 MB text nodes, which cut a page short: the page's
            // size is bounded by the fetcher, its depth by the element handler below.
            | XML_PARSE_HUGE.rawValue)

    /// Parses `markup` with a parser context of its own, then asks the context whether it read it all.
    private static func parse(_ markup: UnsafeBufferPointer<CChar>, url: String?, encoding: String)
        -> Result<xmlDocPtr, HTMLError>
    {
        guard let parser = htmlNewParserCtxt() else {
            return .failure(HTMLError(kind: .unparsable("libxml2 could not allocate a parser (out of memory)")))
        }
        defer { htmlFreeParserCtxt(parser) }
        parser.pointee.sax.pointee.startElement = { context, name, attributes in
            guard let parser = context?.assumingMemoryBound(to: xmlParserCtxt.self) else { return }
            guard parser.pointee.nodeNr < HTMLDocument.maximumDepth else { return xmlStopParser(parser) }
            xmlSAX2StartElement(context, name, attributes)
        }
        xmlResetLastError()
        let document = htmlCtxtReadMemory(
            parser, markup.baseAddress, Int32(markup.count), url, encoding, parseOptions)
        guard let document else {
            let reason = xmlGetLastError().flatMap { LibXML2.message(of: $0.pointee) } ?? "libxml2 returned no document"
            return .failure(HTMLError(kind: .unparsable(reason)))
        }
        if let loss = ParseLoss(parser, inputSize: markup.count, encoding: encoding) {
            xmlFreeDoc(document)
            return .failure(HTMLError(kind: .incomplete(loss.description)))
        }
        return .success(document)
    }

    /// Parses an HTML page given as a Swift string.
    public convenience init(html: String, url: String? = nil, options: HTMLParseOptions = []) throws(HTMLError) {
        try self.init(bytes: Array(html.utf8), url: url, charset: "utf-8", options: options)
    }

    /// The XPath context reused by every query on this document: creating one registers all of XPath's
    /// functions, which costs more than most queries.
    private var context: xmlXPathContextPtr?

    func xpathContext() throws(HTMLError) -> xmlXPathContextPtr {
        if let context { return context }
        guard let created = xmlXPathNewContext(pointer) else {
            throw HTMLError(kind: .unparsable("libxml2 could not allocate an XPath context (out of memory)"))
        }
        context = created
        return created
    }

    deinit {
        if let context { xmlXPathFreeContext(context) }
        xmlFreeDoc(pointer)  // frees what was allocated after the parse; the parse's own blocks go with the arena
        pw_arena_release(arena)
    }

    /// The `<html>` element, or whatever libxml2 made the root of a fragment.
    public var root: HTMLNode? {
        xmlDocGetRootElement(pointer).map { HTMLNode(document: self, pointer: $0) }
    }

    /// Evaluates an XPath 1.0 expression against the whole document.
    ///
    /// - Parameters:
    ///   - expression: The XPath, e.g. `//table[@id='plans']//tr`.
    ///   - variables: Values for `$name` references in the expression.
    /// - Throws: ``HTMLError`` when the expression is not valid XPath.
    public func evaluate(_ expression: String, variables: [String: XPathValue] = [:]) throws(HTMLError)
        -> XPathResult
    {
        try XPathEvaluator.evaluate(expression, in: self, context: nil, variables: variables)
    }

    /// Evaluates a compiled XPath expression against the whole document.
    public func evaluate(_ expression: XPathExpression, variables: [String: XPathValue] = [:]) throws(HTMLError)
        -> XPathResult
    {
        try XPathEvaluator.evaluate(expression, in: self, context: nil, variables: variables)
    }

    /// The nodes a compiled XPath expression selects, in document order.
    public func select(_ expression: XPathExpression, variables: [String: XPathValue] = [:]) throws(HTMLError)
        -> [HTMLNode]
    {
        try evaluate(expression, variables: variables).nodes(for: expression.source)
    }

    /// The nodes an XPath expression selects, in document order.
    public func select(_ expression: String, variables: [String: XPathValue] = [:]) throws(HTMLError)
        -> [HTMLNode]
    {
        try evaluate(expression, variables: variables).nodes(for: expression)
    }
}

/// How a parse lost part of the page, read from libxml2's parser context after the parse.
///
/// libxml2 reports problems as errors of which most are harmless in recover mode (an unknown HTML5 tag, a
/// stray end tag). The ones that lose content show in the context: the parser was stopped (too deep, out of
/// memory), input was left unread (a NUL byte inside a tag ends libxml2's reading), or bytes were left
/// undecoded (iconv met bytes invalid in the page's encoding, and libxml2 drops the rest of the page).
struct ParseLoss: CustomStringConvertible {
    let description: String

    init?(_ parser: htmlParserCtxtPtr, inputSize: Int, encoding: String) {
        let lastError = xmlGetLastError().flatMap { LibXML2.message(of: $0.pointee) }
        let because = lastError.map { " (libxml2: \($0))" } ?? ""
        if parser.pointee.disableSAX != 0 {
            description =
                parser.pointee.errNo == Int32(XML_ERR_USER_STOP.rawValue)
                ? "elements are nested more than \(HTMLDocument.maximumDepth) levels deep, and pricewatch reads no "
                    + "deeper (unclosed tags repeated in a loop do this; the site has to fix its markup)"
                : "libxml2 stopped before the end of the page\(because)"
            return
        }
        guard let input = parser.pointee.input else { return nil }
        if let cursor = input.pointee.cur, let end = input.pointee.end, cursor < end {
            let read = Int(input.pointee.consumed) + (input.pointee.base.map { cursor - $0 } ?? 0)
            description = "libxml2 stopped reading after byte \(read) of \(inputSize)\(because)"
            return
        }
        if let raw = input.pointee.buf?.pointee.raw, xmlBufUse(raw) > 0 {
            description =
                "the last \(xmlBufUse(raw)) bytes of the page are not valid \(encoding), and libxml2 dropped them"
                + because
            return
        }
        return nil
    }
}
