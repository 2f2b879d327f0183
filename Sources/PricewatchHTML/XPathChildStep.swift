internal import CLibXML2

/// A relative path of one child step by name and position: `td[1]`, `td`, `*[2]` or `*`.
///
/// Inside table rows most rules are exactly that, and a libxml2 evaluation of one (context set-up, a
/// node-set allocation, the copy into Swift) cost many times the walk over the row's children that answers
/// it. An expression of this form is answered by that walk, with the same nodes in the same order; any
/// other form goes to libxml2.
struct XPathChildStep: Sendable {
    /// The element name to match; nil matches any element (`*`).
    let name: String?
    /// The 1-based position among the matching children; nil selects them all.
    let position: Int?

    /// Recognises `name`, `name[N]`, `*` and `*[N]` (N ≥ 1, no spaces); nil for anything else.
    init?(_ source: String) {
        var bytes = Array(source.utf8)[...]
        var position: Int?
        if bytes.last == UInt8(ascii: "]") {
            guard let open = bytes.firstIndex(of: UInt8(ascii: "[")) else { return nil }
            let digits = bytes[(open + 1)..<(bytes.endIndex - 1)]
            guard let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 6,
                digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
            position = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            bytes = bytes[..<open]
        }
        if bytes.elementsEqual([UInt8(ascii: "*")]) {
            name = nil
        } else {
            guard let first = bytes.first, Self.startsName(first), bytes.dropFirst().allSatisfy(Self.continuesName)
            else { return nil }
            name = String(decoding: bytes, as: UTF8.self)
        }
        self.position = position
    }

    /// The matching element children of `parent`, in document order.
    func select(from parent: xmlNodePtr) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var seen = 0
        var child = parent.pointee.children
        while let node = child {
            child = node.pointee.next
            guard LibXML2.isElement(node, named: name) else { continue }
            seen += 1
            guard let position else {
                found.append(node)
                continue
            }
            if seen == position { return [node] }
        }
        return found
    }

    /// ASCII letters and `_`; other name characters are left to libxml2.
    private static func startsName(_ byte: UInt8) -> Bool {
        ASCII.isLetter(byte) || byte == ASCII.underscore
    }

    /// A tag name's characters without the colon, which in XPath would start a namespace prefix.
    private static func continuesName(_ byte: UInt8) -> Bool {
        ASCII.isNameCharacter(byte) && byte != ASCII.colon
    }
}
