internal import CLibXML2

/// An element (or other node) of an ``HTMLDocument``.
///
/// A node keeps its document alive, so it stays valid for as long as it is held.
public struct HTMLNode {
    /// The document this node belongs to; holding it keeps the libxml2 tree alive.
    public let document: HTMLDocument
    let pointer: xmlNodePtr

    init(document: HTMLDocument, pointer: xmlNodePtr) {
        self.document = document
        self.pointer = pointer
    }

    /// The element's tag name in lower case (`td`), or `#text`, `#comment` for other nodes.
    public var name: String {
        switch pointer.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: return "#text"
        case XML_COMMENT_NODE: return "#comment"
        case XML_ATTRIBUTE_NODE, XML_ELEMENT_NODE:
            return pointer.pointee.name.map { String(cString: $0).lowercased() } ?? ""
        default: return "#node"
        }
    }

    /// The nearest enclosing element with the tag name `name` (lower case), as `ancestor::name[1]` selects.
    public func ancestor(named name: String) -> HTMLNode? {
        var current = pointer.pointee.parent
        while let node = current {
            if LibXML2.isElement(node, named: name) { return HTMLNode(document: document, pointer: node) }
            current = node.pointee.parent
        }
        return nil
    }

    /// The child elements whose tag name is one of `names` (lower case), in document order, as
    /// `*[self::td or self::th]` selects.
    public func children(named names: [String]) -> [HTMLNode] {
        var found: [HTMLNode] = []
        var child = pointer.pointee.children
        while let node = child {
            child = node.pointee.next
            if names.contains(where: { LibXML2.isElement(node, named: $0) }) {
                found.append(HTMLNode(document: document, pointer: node))
            }
        }
        return found
    }

    /// Whether this is an attribute node (selected with `@href` in XPath).
    public var isAttribute: Bool { pointer.pointee.type == XML_ATTRIBUTE_NODE }

    /// The value of an attribute, or nil when the element has none by that name.
    public func attribute(_ name: String) -> String? {
        LibXML2.takeString(xmlGetProp(pointer, name))
    }

    /// The node's visible text: descendant text only (comments, scripts and styles excluded), entities
    /// decoded, `&nbsp;` as a space, whitespace collapsed to single spaces and trimmed.
    ///
    /// Block elements and `<br>` separate words, so `<td>a</td><td>b</td>` reads "a b", as on screen. A
    /// `<script>` or `<style>` node itself reads as its content (JSON-LD, for one).
    public var text: String {
        var collector = TextCollector()
        if isAttribute {
            collector.append(LibXML2.takeString(xmlNodeGetContent(pointer)) ?? "")
        } else {
            collector.collect(pointer, selected: true)
        }
        return collector.result
    }

    /// Evaluates an XPath expression with this node as the context node (`.//li`, `td[2]`, `@href`).
    public func evaluate(_ expression: String, variables: [String: XPathValue] = [:]) throws(HTMLError)
        -> XPathResult
    {
        try XPathEvaluator.evaluate(expression, in: document, context: self, variables: variables)
    }

    /// Evaluates a compiled XPath expression with this node as the context node.
    public func evaluate(_ expression: XPathExpression, variables: [String: XPathValue] = [:]) throws(HTMLError)
        -> XPathResult
    {
        try XPathEvaluator.evaluate(expression, in: document, context: self, variables: variables)
    }

    /// The nodes an XPath expression selects relative to this node.
    public func select(_ expression: String, variables: [String: XPathValue] = [:]) throws(HTMLError)
        -> [HTMLNode]
    {
        try evaluate(expression, variables: variables).nodes(for: expression)
    }

    /// The nodes a compiled XPath expression selects with this node as the context node, in document order.
    public func select(_ expression: XPathExpression, variables: [String: XPathValue] = [:]) throws(HTMLError)
        -> [HTMLNode]
    {
        try evaluate(expression, variables: variables).nodes(for: expression.source)
    }
}

/// Nodes are equal when they are the same node of the same document, so a node can key what was worked out
/// about it, such as a table's header columns (a held node keeps its document, and so its identity, alive).
extension HTMLNode: Hashable {
    public static func == (lhs: HTMLNode, rhs: HTMLNode) -> Bool { lhs.pointer == rhs.pointer }

    public func hash(into hasher: inout Hasher) { hasher.combine(pointer) }
}

/// Gathers visible text and collapses whitespace in one pass.
///
/// Works on libxml2's UTF-8 bytes: every rule reads text, and building Swift strings of each text node and
/// element name cost more than the walk. Text that is not all ASCII is read scalar by scalar, for Unicode's
/// spaces.
private struct TextCollector {
    private static let skipped = names(["script", "style", "template", "noscript"])
    private static let inline = names([
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
        "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del", "ins", "label",
    ])

    private var bytes: [UInt8] = []
    private var pendingSpace = false

    var result: String { String(decoding: bytes, as: UTF8.self) }

    /// Adds the text under `top`. Scripts, styles and templates below it are skipped, but a selected one
    /// reads as its content: that is how a rule reads JSON-LD from `//script[@type='application/ld+json']`.
    ///
    /// The walk is a loop, not a recursion: a page may nest elements thousands of levels deep (see
    /// ``HTMLDocument/maximumDepth``), and each level was a stack frame.
    mutating func collect(_ top: xmlNodePtr, selected: Bool = false) {
        var node = top
        walk: while true {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { append(content) }
            case XML_ELEMENT_NODE, XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE, XML_DOCUMENT_FRAG_NODE:
                // libxml2's HTML parser gives element names in lower case.
                if (node != top || !selected) && Self.skipped.contains(Self.packed(node.pointee.name)) { break }
                if Self.separates(node) { pendingSpace = true }
                if let child = node.pointee.children {
                    node = child
                    continue walk
                }
                if Self.separates(node) { pendingSpace = true }  // an empty element is left at once
            default:
                break  // comments, processing instructions, DTDs
            }
            // On to the next sibling, or up to the nearest ancestor that has one, leaving each element passed.
            while node != top {
                if let next = node.pointee.next {
                    node = next
                    continue walk
                }
                guard let parent = node.pointee.parent else { return }
                node = parent
                if Self.separates(node) { pendingSpace = true }
            }
            return
        }
    }

    /// Whether an element's text is kept apart from its neighbours' (block elements), unlike inline ones.
    private static func separates(_ node: xmlNodePtr) -> Bool {
        node.pointee.type == XML_ELEMENT_NODE && !inline.contains(packed(node.pointee.name))
    }

    mutating func append(_ text: String) {
        text.withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: 1) { append($0) } }
    }

    /// Adds a NUL-terminated UTF-8 text.
    private mutating func append(_ text: UnsafePointer<xmlChar>) {
        var cursor = text
        while cursor.pointee != 0 {
            let byte = cursor.pointee
            guard byte < 0x80 else {
                // Not ASCII from here to the end of this text: Unicode's spaces need the scalars.
                for scalar in String(cString: cursor).unicodeScalars { add(scalar) }
                return
            }
            if Self.isASCIISpace(byte) {
                pendingSpace = true
            } else {
                startWord()
                bytes.append(byte)
            }
            cursor += 1
        }
    }

    private mutating func add(_ scalar: Unicode.Scalar) {
        if scalar.isASCII
            ? Self.isASCIISpace(UInt8(scalar.value)) : scalar == "\u{A0}" || scalar.properties.isWhitespace
        {
            pendingSpace = true
        } else {
            startWord()
            bytes.append(contentsOf: scalar.utf8)
        }
    }

    private mutating func startWord() {
        if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
        pendingSpace = false
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    /// A tag name of up to 8 bytes as one number, so the sets above are looked up without making a string;
    /// longer names are in neither set and pack to 0.
    private static func packed(_ name: UnsafePointer<xmlChar>?) -> UInt64 {
        guard let name else { return 0 }
        var value: UInt64 = 0
        for index in 0..<9 {
            let byte = name[index]
            if byte == 0 { return value }
            if index == 8 { return 0 }
            value |= UInt64(byte) << (8 * UInt64(index))
        }
        return 0
    }

    private static func names(_ list: [String]) -> Set<UInt64> {
        Set(
            list.map { name in name.withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: 1) { packed($0) } } }
        )
    }
}
