internal import CLibXML2

/// A page's elements flattened into an array in document order, each with its tag, attributes and the
/// span of the page's visible text it holds, for code that looks at every element (zero-config reading)
/// rather than at what a selector picks.
///
/// Built in one walk of the tree: asking each ``HTMLNode`` for its `text` re-reads every descendant, which
/// on a page of 20,000 elements is quadratic. The text is collected as ``HTMLNode/text`` collects it (block
/// elements separate words, scripts and styles left out), and an element's text is a slice of it.
public struct DocumentOutline: Sendable {
    /// One element of the page.
    public struct Element: Sendable {
        /// The tag name in lower case.
        public let name: String
        /// The index of the enclosing element, or nil for the root.
        public let parent: Int?
        /// How many elements enclose this one.
        public let depth: Int
        /// The attributes in document order, names in lower case.
        public let attributes: [(name: String, value: String)]
        /// The indices of the child elements, in document order.
        public internal(set) var children: [Int] = []
        /// Where the element's visible text starts and ends in ``DocumentOutline/visibleText``.
        public internal(set) var textRange: Range<Int> = 0..<0
        /// The text of a `<script>` or `<style>` element, which is not visible text (JSON-LD, CSS rules).
        public internal(set) var rawText: String?

        /// The value of an attribute, or nil when the element has none by that name (lower case).
        public func attribute(_ name: String) -> String? {
            attributes.first(where: { $0.name == name })?.value
        }
    }

    /// The elements in document order; the root is at index 0.
    public private(set) var elements: [Element] = []
    /// The page's visible text, words separated by single spaces.
    public private(set) var visibleText: [UInt8] = []

    /// The visible text of an element, whitespace collapsed and trimmed.
    public func text(of index: Int) -> String {
        let range = elements[index].textRange
        var slice = visibleText[range]
        while slice.first == 0x20 { slice = slice.dropFirst() }
        while slice.last == 0x20 { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    /// The value of an element's attribute (name in lower case), or nil. Read in place: calling
    /// ``Element/attribute(_:)`` on `elements[index]` from another module copies the element first.
    public func attribute(_ name: String, of index: Int) -> String? {
        elements[index].attributes.first(where: { $0.name == name })?.value
    }

    /// The length in bytes of an element's visible text, without building it.
    public func textLength(of index: Int) -> Int { elements[index].textRange.count }

    /// Outlines a document; an empty outline when it has no root element.
    public init(_ document: HTMLDocument) {
        guard let root = xmlDocGetRootElement(document.pointer) else { return }
        var builder = Builder()
        builder.walk(root)
        elements = builder.elements
        visibleText = builder.text
    }
}

/// Walks the tree without recursion (a hostile page can nest elements thousands deep).
private struct Builder {
    var elements: [DocumentOutline.Element] = []
    var text: [UInt8] = []
    private var pendingSpace = false
    /// Whether each element is inline (its end starts no new word), looked up once when it opens.
    private var isInline: [Bool] = []

    /// How an element's tag bears on the text: inline ones join words, skipped ones hold no visible text.
    private enum Kind { case inline, skipped }

    private static let kinds: [String: Kind] = {
        let skipped = ["script", "style", "template", "noscript"]
        let inline = [
            "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
            "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del", "ins", "label",
            "strike",
        ]
        return Dictionary(uniqueKeysWithValues: skipped.map { ($0, Kind.skipped) } + inline.map { ($0, Kind.inline) })
    }()

    mutating func walk(_ root: xmlNodePtr) {
        // Each frame: the element's index and the next child to visit.
        var stack: [(index: Int, next: xmlNodePtr?)] = []
        stack.append((open(root, parent: nil, depth: 0).index, root.pointee.children))
        while let top = stack.last {
            guard let node = top.next else {
                close(top.index)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next = node.pointee.next
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { append(content) }
            case XML_ELEMENT_NODE:
                let (index, kind) = open(node, parent: top.index, depth: stack.count)
                if kind == .skipped {
                    elements[index].rawText = LibXML2.takeString(xmlNodeGetContent(node))
                    close(index)
                } else {
                    stack.append((index, node.pointee.children))
                }
            default:
                break  // comments, processing instructions
            }
        }
    }

    private mutating func open(_ node: xmlNodePtr, parent: Int?, depth: Int) -> (index: Int, kind: Kind?) {
        let name = node.pointee.name.map(Self.lowerCaseName) ?? ""
        var attributes: [(name: String, value: String)] = []
        var count = 0
        var attribute = node.pointee.properties
        while let current = attribute {
            count += 1
            attribute = current.pointee.next
        }
        attributes.reserveCapacity(count)
        attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard let attributeName = current.pointee.name else { continue }
            let value = LibXML2.takeString(xmlGetProp(node, attributeName)) ?? ""
            attributes.append((Self.lowerCaseName(attributeName), value))
        }
        let index = elements.count
        elements.append(DocumentOutline.Element(name: name, parent: parent, depth: depth, attributes: attributes))
        if let parent { elements[parent].children.append(index) }
        let kind = Self.kinds[name]
        isInline.append(kind == .inline)
        if kind != .inline { pendingSpace = true }
        elements[index].textRange = text.count..<text.count
        return (index, kind)
    }

    /// A tag or attribute name in lower case. libxml2's HTML parser lowers the names it reads, so most are
    /// taken as they are; `lowercased()` is asked only of a name with another byte.
    private static func lowerCaseName(_ name: UnsafePointer<xmlChar>) -> String {
        let text = String(cString: name)
        guard text.utf8.contains(where: { $0 >= 0x80 || ($0 >= 0x41 && $0 <= 0x5A) }) else { return text }
        return text.lowercased()
    }

    private mutating func close(_ index: Int) {
        if !isInline[index] { pendingSpace = true }
        elements[index].textRange = elements[index].textRange.lowerBound..<text.count
    }

    /// Adds a NUL-terminated UTF-8 text, collapsing whitespace (Unicode spaces and no-break spaces too).
    ///
    /// ASCII bytes are copied as they are; only runs of other bytes are decoded to find Unicode spaces (a
    /// string per character cost a quarter of building the outline).
    private mutating func append(_ content: UnsafePointer<xmlChar>) {
        let bytes = UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content)))
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x80 else {
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                    pendingSpace = true
                } else {
                    appendWordByte(byte)
                }
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, bytes[end] >= 0x80 { end += 1 }
            for scalar in String(decoding: bytes[index..<end], as: UTF8.self).unicodeScalars {
                if scalar == "\u{A0}" || scalar.properties.isWhitespace {
                    pendingSpace = true
                } else {
                    for unit in String(scalar).utf8 { appendWordByte(unit) }
                }
            }
            index = end
        }
    }

    private mutating func appendWordByte(_ byte: UInt8) {
        if pendingSpace && !text.isEmpty { text.append(0x20) }
        pendingSpace = false
        text.append(byte)
    }
}
