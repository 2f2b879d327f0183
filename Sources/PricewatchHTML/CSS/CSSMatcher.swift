internal import CLibXML2

/// Selects what a CSS selector list selects by walking the tree and testing each element, instead of
/// evaluating its XPath translation.
///
/// libxml2 evaluates a predicate such as `[@data-testid = 'price-range']` by building node sets for every
/// element it tests: on a page of a few hundred elements one attribute selector cost as much as parsing a
/// tenth of the page. Here an element is tested by reading its attributes in place. The nodes are exactly
/// those of the translation (``CSSToXPath``), in document order; `:contains()`, whose XPath reads every text
/// below the element, is left to the translation.
struct CSSMatcher: Sendable {
    private let selectors: [CSSComplexSelector]
    /// Relative selectors look below the context node; absolute ones below the document, whatever the context.
    private let relative: Bool

    /// Nil when the list uses `:contains()` anywhere.
    init?(_ list: CSSSelectorList, relative: Bool) {
        let compounds = list.selectors.flatMap { [$0.first] + $0.rest.map(\.compound) }
        guard !compounds.contains(where: Self.usesContains) else { return nil }
        selectors = list.selectors
        self.relative = relative
    }

    /// The matching elements below `context` (below the document for an absolute selector), in document order.
    func select(context: xmlNodePtr, document: xmlNodePtr) -> [xmlNodePtr] {
        let scope = relative ? context : document
        var found: [xmlNodePtr] = []
        var next = scope.pointee.children
        // Pre-order walk of the scope's descendants: down to the first child, else along, else back up.
        while let node = next {
            if node.pointee.type == XML_ELEMENT_NODE,
                selectors.contains(where: { matches(node, $0, compound: $0.rest.count, scope: scope) })
            {
                found.append(node)
            }
            if node.pointee.type == XML_ELEMENT_NODE, let child = node.pointee.children {
                next = child
                continue
            }
            var climbing: xmlNodePtr? = node
            next = nil
            while let current = climbing, current != scope {
                if let sibling = current.pointee.next {
                    next = sibling
                    break
                }
                climbing = current.pointee.parent
            }
        }
        return found
    }

    /// Whether `element` matches compound `index` of `selector` (0 is the leftmost, `rest.count` the
    /// rightmost), with the compounds before it matched by its ancestors or earlier siblings below `scope`.
    private func matches(
        _ element: xmlNodePtr, _ selector: CSSComplexSelector, compound index: Int, scope: xmlNodePtr
    ) -> Bool {
        let compound = index == 0 ? selector.first : selector.rest[index - 1].compound
        guard Self.matches(element, compound) else { return false }
        guard index > 0 else { return true }
        switch selector.rest[index - 1].combinator {
        case .descendant:
            var ancestor = element.pointee.parent
            while let candidate = ancestor, candidate != scope, candidate.pointee.type == XML_ELEMENT_NODE {
                if matches(candidate, selector, compound: index - 1, scope: scope) { return true }
                ancestor = candidate.pointee.parent
            }
            return false
        case .child:
            guard let parent = element.pointee.parent, parent != scope, parent.pointee.type == XML_ELEMENT_NODE
            else { return false }
            return matches(parent, selector, compound: index - 1, scope: scope)
        case .adjacentSibling:
            guard let previous = Self.previousElement(before: element) else { return false }
            return matches(previous, selector, compound: index - 1, scope: scope)
        case .generalSibling:
            var previous = Self.previousElement(before: element)
            while let candidate = previous {
                if matches(candidate, selector, compound: index - 1, scope: scope) { return true }
                previous = Self.previousElement(before: candidate)
            }
            return false
        }
    }

    private static func matches(_ element: xmlNodePtr, _ compound: CSSCompoundSelector) -> Bool {
        if let name = compound.element, !LibXML2.isElement(element, named: name) { return false }
        return compound.conditions.allSatisfy { matches(element, $0) }
    }

    private static func matches(_ element: xmlNodePtr, _ condition: CSSCondition) -> Bool {
        switch condition {
        case .id(let id):
            return attribute("id", of: element).map { $0 == Array(id.utf8) } ?? false
        case .className(let name):
            return attribute("class", of: element).map { hasWord(name, in: $0) } ?? false
        case .attribute(let name, nil):
            return attribute(name, of: element) != nil
        case .attribute(let name, let match?):
            guard let value = attribute(name, of: element) else { return false }
            return matches(value, match)
        case .firstChild:
            return previousElement(before: element) == nil
        case .lastChild:
            var next = element.pointee.next
            while let node = next, node.pointee.type != XML_ELEMENT_NODE { next = node.pointee.next }
            return next == nil
        case .nthChild(let a, let b):
            var position = 1
            var previous = previousElement(before: element)
            while let node = previous {
                position += 1
                previous = previousElement(before: node)
            }
            // Child number a·n + b for some n ≥ 0.
            let offset = position - b
            if a == 0 { return offset == 0 }
            return offset % a == 0 && offset / a >= 0
        case .not(let compound):
            return !matches(element, compound)
        case .contains:
            preconditionFailure(":contains() selectors are evaluated through XPath")
        }
    }

    private static func matches(_ value: [UInt8], _ match: CSSAttributeMatch) -> Bool {
        let wanted = Array(match.value.utf8)
        switch match.op {
        case .equals: return value == wanted
        case .includesWord: return hasWord(match.value, in: value)
        case .hasPrefix: return !wanted.isEmpty && value.starts(with: wanted)
        case .hasSuffix: return !wanted.isEmpty && value.reversed().starts(with: wanted.reversed())
        case .containsSubstring: return !wanted.isEmpty && contains(wanted, in: value)
        case .dashMatch: return value == wanted || value.starts(with: wanted + [UInt8(ascii: "-")])
        }
    }

    /// `contains(concat(' ', normalize-space(@a), ' '), ' word ')`: one of the value's XML-whitespace
    /// separated tokens; a word that is empty or holds whitespace is never one.
    private static func hasWord(_ word: String, in value: [UInt8]) -> Bool {
        if word.isEmpty || word.contains(where: \.isWhitespace) { return false }
        let wanted = Array(word.utf8)
        return value.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
            .contains { $0.elementsEqual(wanted) }
    }

    private static func contains(_ wanted: [UInt8], in value: [UInt8]) -> Bool {
        guard value.count >= wanted.count else { return false }
        return (0...(value.count - wanted.count)).contains { value[$0..<($0 + wanted.count)].elementsEqual(wanted) }
    }

    /// The value of the element's attribute `name` (no namespace), as XPath's `@name` reads it.
    private static func attribute(_ name: String, of element: xmlNodePtr) -> [UInt8]? {
        var property = element.pointee.properties
        while let attribute = property {
            property = attribute.pointee.next
            guard attribute.pointee.ns == nil, LibXML2.name(attribute.pointee.name, is: name)
            else { continue }
            var value: [UInt8] = []
            var child = attribute.pointee.children
            while let text = child {
                if let content = text.pointee.content {
                    var cursor = content
                    while cursor.pointee != 0 {
                        value.append(cursor.pointee)
                        cursor += 1
                    }
                }
                child = text.pointee.next
            }
            return value
        }
        return nil
    }

    private static func previousElement(before node: xmlNodePtr) -> xmlNodePtr? {
        var previous = node.pointee.prev
        while let candidate = previous, candidate.pointee.type != XML_ELEMENT_NODE { previous = candidate.pointee.prev }
        return previous
    }

    private static func usesContains(_ compound: CSSCompoundSelector) -> Bool {
        compound.conditions.contains { condition in
            switch condition {
            case .contains: true
            case .not(let inner): usesContains(inner)
            default: false
            }
        }
    }
}
