internal import CLibXML2

/// A parsed HTML page that can be queried with XPath or CSS selectors.
///
/// Parsing is forgiving the way browsers are (recover mode): unclosed tags, stray markup and wrong
/// encodings still give a document. It never touches the network. One document must be used by one thread
/// at a time; different documents can be parsed and queried on different threads at once.
public final class HTMLDocument {
    let pointer: xmlDocPtr
    /// The encoding the page was decoded with, and why.
    public let encoding: CharacterEncoding
    /// Where libxml2 allocated the tree, unless the page is very large; it must outlive `pointer`.
    private let arena: DocumentArena?

    /// Parses an HTML page.
    ///
    /// - Parameters:
    ///   - bytes: The page as served.
    ///   - url: The page's URL, used as the document's base.
    ///   - charset: The charset from the HTTP `Content-Type` header, if any; it overrides the page's own.
    ///   - options: What to leave out of the page while parsing it.
    /// - Throws: ``HTMLError`` when the bytes hold no document at all.
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
        let input: [UInt8]?
        if encoding.name == "UTF-8" {
            // Stripped before it is checked: raw text left out is never parsed, so its bytes need no check
            // (the stripper reads only ASCII, which no byte of a multi-byte sequence can be).
            input = encoding.transcodeToUTF8(stripper.strip(bytes) ?? bytes)
        } else {
            // Other encodings Swift decodes are stripped once they are UTF-8; the markup of those left to
            // libxml2 need not be ASCII bytes, so they are parsed whole.
            input = encoding.transcodeToUTF8(bytes).map { stripper.strip($0) ?? $0 }
        }
        let encodingName = input == nil ? encoding.name : "UTF-8"
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        let markup = input ?? bytes
        LibXML2.ensureInitialised()
        clibxml2_silence_errors()
        let parse = { () -> Result<xmlDocPtr, HTMLError> in
            let document = markup.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    htmlReadMemory(chars.baseAddress, Int32(chars.count), url, encodingName, options)
                }
            }
            if let document { return .success(document) }
            let reason = xmlGetLastError().flatMap { LibXML2.message(of: $0.pointee) } ?? "libxml2 returned no document"
            return .failure(HTMLError(kind: .unparsable(reason)))
        }
        // An arena keeps every block the parse frees until the document goes: on a 7 MB page that was 35 MB
        // more than malloc needs. Pages that large are rare and parse through malloc.
        let arena = markup.count <= DocumentArena.largestMarkup ? DocumentArena() : nil
        self.pointer = try (arena.map { $0.whileCurrent(parse) } ?? parse()).get()
        self.arena = arena
        self.encoding = encoding
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
        xmlFreeDoc(pointer)
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
