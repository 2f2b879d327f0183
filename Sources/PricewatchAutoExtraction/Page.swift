import PricewatchHTML

/// A parsed page as zero-config reading looks at it: every element with its class tokens, whether it is
/// shown struck through or sits in page chrome, and readable paths for `--explain`.
struct Page {
    let outline: DocumentOutline
    /// Class tokens of each element, lower case.
    let classes: [[String]]
    /// Whether each element is shown struck through (a decoy "was" price): `<s>`, `<del>`, an inline
    /// `line-through`, or a class that the page's own CSS strikes through; inherited by descendants. A hidden
    /// price in another currency than a shown sibling's (what a currency switch shows instead) counts too.
    let struck: [Bool]
    /// Whether each element holds a struck-through element (whose text ``unstruckText(_:)`` leaves out).
    let holdsStruck: [Bool]
    /// Each element's position among its parent's children of the same tag (1-based), and whether it has
    /// such siblings at all, for ``path(_:)``: worked out once, as a page of thousands of sections asks for
    /// thousands of paths.
    private let siblingPositions: [(position: Int, alone: Bool)]
    /// Whether each element sits in navigation, a footer or a form's chrome, where no plan lives.
    let inChrome: [Bool]
    /// Where each element's descendants end (they follow it contiguously in document order), worked out once:
    /// reading a card asks for its descendants many times.
    private let subtreeEnds: [Int]

    var count: Int { outline.elements.count }

    init(_ document: HTMLDocument) {
        let outline = DocumentOutline(document)
        self.outline = outline
        // Many elements share a class attribute ("px-4 py-3"): each distinct value is split once.
        var tokensByValue: [String: [String]] = [:]
        tokensByValue.reserveCapacity(min(outline.elements.count, 1024))
        let classes = outline.elements.indices.map { index in
            guard let value = outline.attribute("class", of: index), !value.isEmpty else { return [String]() }
            if let known = tokensByValue[value] { return known }
            let tokens = Self.classTokens(value)
            tokensByValue[value] = tokens
            return tokens
        }
        self.classes = classes
        let struckClasses = Self.struckClasses(in: outline)
        let otherCurrencies = Self.otherCurrencies(in: outline)
        var struck = [Bool](repeating: false, count: outline.elements.count)
        var chrome = [Bool](repeating: false, count: outline.elements.count)
        // Parents come before children in document order, so one forward pass inherits both. Elements are
        // read in place: a copy of each (its name, attributes and children) costs more than the test.
        for index in outline.elements.indices {
            let parent = outline.elements[index].parent
            let name = outline.elements[index].name
            let parentStruck = parent.map { struck[$0] } ?? false
            // Upper-case ASCII is folded: no other letter lower-cases into "line-through".
            let style = outline.attribute("style", of: index) ?? ""
            struck[index] =
                parentStruck || ["s", "del", "strike"].contains(name)
                || style.holds("line-through", foldingCase: true)
                || classes[index].contains(where: struckClasses.contains) || otherCurrencies.contains(index)
            let parentChrome = parent.map { chrome[$0] } ?? false
            let role = outline.attribute("role", of: index)?.lowercased()
            chrome[index] =
                parentChrome || ["nav", "footer", "form", "select"].contains(name) || role == "navigation"
                || role == "contentinfo"
        }
        var holdsStruck = [Bool](repeating: false, count: outline.elements.count)
        for index in outline.elements.indices.reversed() where struck[index] || holdsStruck[index] {
            if let parent = outline.elements[index].parent, !struck[parent] { holdsStruck[parent] = true }
        }
        var positions = [(position: Int, alone: Bool)](repeating: (1, true), count: outline.elements.count)
        // An only child keeps the default: position 1, alone.
        for index in outline.elements.indices where outline.elements[index].children.count > 1 {
            let children = outline.elements[index].children
            // A parent's children have few distinct tags: a short list counts them faster than a dictionary.
            var counts: [(name: String, count: Int)] = []
            var slots: [Int] = []
            for child in children {
                let name = outline.elements[child].name
                let slot = counts.firstIndex { $0.name == name } ?? counts.count
                if slot == counts.count { counts.append((name, 0)) }
                counts[slot].count += 1
                positions[child].position = counts[slot].count
                slots.append(slot)
            }
            for (child, slot) in zip(children, slots) where counts[slot].count > 1 {
                positions[child].alone = false
            }
        }
        self.siblingPositions = positions
        var ends = [Int](repeating: outline.elements.count, count: outline.elements.count)
        var open: [Int] = []
        for index in outline.elements.indices {
            let depth = outline.elements[index].depth
            while let last = open.last, outline.elements[last].depth >= depth {
                ends[last] = index
                open.removeLast()
            }
            open.append(index)
        }
        self.subtreeEnds = ends
        self.struck = struck
        self.holdsStruck = holdsStruck
        self.inChrome = chrome
    }

    func element(_ index: Int) -> DocumentOutline.Element { outline.elements[index] }

    /// The enclosing element, read in place (``element(_:)`` copies the element's name, attributes and
    /// children, which walks up the tree pay for at every step).
    func parent(_ index: Int) -> Int? { outline.elements[index].parent }

    /// The child elements, in document order.
    func children(_ index: Int) -> [Int] { outline.elements[index].children }

    /// An attribute's value (names in lower case), read in place.
    func attribute(_ name: String, of index: Int) -> String? { outline.attribute(name, of: index) }

    func text(_ index: Int) -> String { outline.text(of: index) }

    /// The UTF-8 bytes of ``text(_:)``, without making a string of them.
    func textBytes(_ index: Int) -> ArraySlice<UInt8> {
        var slice = outline.visibleText[outline.elements[index].textRange]
        while slice.first == 0x20 { slice = slice.dropFirst() }
        while slice.last == 0x20 { slice = slice.dropLast() }
        return slice
    }

    /// An element's text without what is struck through in it ("$39 $29" with the "$39" struck reads "$29").
    func unstruckText(_ index: Int) -> String {
        guard holdsStruck[index] else { return text(index) }
        var parts: [String] = []
        var position = outline.elements[index].textRange.lowerBound
        for inner in descendants(of: index) where struck[inner] && !struck[outline.elements[inner].parent ?? index] {
            let range = outline.elements[inner].textRange
            guard range.lowerBound >= position else { continue }
            parts.append(String(decoding: outline.visibleText[position..<range.lowerBound], as: UTF8.self))
            position = range.upperBound
        }
        let end = outline.elements[index].textRange.upperBound
        if position < end { parts.append(String(decoding: outline.visibleText[position..<end], as: UTF8.self)) }
        return parts.joined().split(separator: " ").joined(separator: " ")
    }

    func name(_ index: Int) -> String { outline.elements[index].name }

    /// The class, id and data-attribute words of an element, lower case, for telling what a block is for.
    func labelWords(_ index: Int) -> String {
        var words = classes[index].joined(separator: " ")
        for (name, value) in outline.elements[index].attributes
        where name == "id" || name == "role" || name == "aria-label" || name.hasPrefix("data-") {
            words += " " + name + " " + value.lowercased()
        }
        return words
    }

    /// The ancestors of an element, nearest first.
    func ancestors(of index: Int) -> [Int] {
        var result: [Int] = []
        var current = outline.elements[index].parent
        while let parent = current {
            result.append(parent)
            current = outline.elements[parent].parent
        }
        return result
    }

    /// Whether `ancestor` encloses `index` (or is it).
    func contains(_ ancestor: Int, _ index: Int) -> Bool {
        var current: Int? = index
        while let node = current {
            if node == ancestor { return true }
            if node < ancestor { return false }  // ancestors come earlier in document order
            current = outline.elements[node].parent
        }
        return false
    }

    /// The elements inside `index`, in document order (they follow it contiguously).
    func descendants(of index: Int) -> Range<Int> {
        (index + 1)..<subtreeEnds[index]
    }

    /// An element's class tokens, lower case: split on ASCII whitespace, as HTML splits them.
    private static func classTokens(_ value: String) -> [String] {
        var bytes = Array(value.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII, as nearly every class attribute is: lower-cased and split on its bytes.
            for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] |= 0x20 }
            return bytes.split(whereSeparator: ASCIIBytes.isSpace).map { String(decoding: $0, as: UTF8.self) }
        }
        return value.lowercased().utf8.split(whereSeparator: { $0 == 0x20 || (0x09...0x0D).contains($0) }).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// A path a person can find the element by: tag, id or first class, and position among same-tag siblings,
    /// such as `body/main/div.pricing-grid/div.pricing-card[2]`.
    func path(_ index: Int) -> String {
        var steps: [String] = []
        var current: Int? = index
        while let node = current, outline.elements[node].name != "html" {
            steps.append(step(node))
            current = outline.elements[node].parent
        }
        return steps.reversed().joined(separator: "/")
    }

    private func step(_ index: Int) -> String {
        var step = outline.elements[index].name
        if let id = outline.attribute("id", of: index), !id.isEmpty {
            return step + "#" + id
        }
        if let first = classes[index].first { step += "." + first }
        if !siblingPositions[index].alone { step += "[\(siblingPositions[index].position)]" }
        return step
    }

    /// Class names the page's own style sheets strike through (`.old-price { text-decoration: line-through }`).
    ///
    /// Rules and selectors are split on the style sheet's ASCII punctuation bytes, which lower-casing leaves
    /// where they are; only the last step of each selector of a striking rule becomes a string. A page's CSS
    /// can be hundreds of kilobytes, and splitting it as Swift characters cost more than reading the rest
    /// of the page.
    /// Hidden prices in another currency than a shown sibling's: "€9" and "£8" hidden beside "$10", which a
    /// currency selector swaps in. Left out like struck prices, the card reads "$10/month"; a hidden price in
    /// the same currency (a billing toggle's other figure) stays.
    private static func otherCurrencies(in outline: DocumentOutline) -> Set<Int> {
        // Few elements are hidden: they are found first, by their parents.
        var hiddenByParent: [Int: [Int]] = [:]
        for index in outline.elements.indices {
            let length = outline.textLength(of: index)
            guard length > 0, length <= PriceTagText.longestTag else { continue }
            let hidden = outline.elements[index].attributes.contains { attribute in
                attribute.name == "hidden"
                    || attribute.name == "style" && attribute.value.holds("none", foldingCase: true)
                        && attribute.value.filter { $0 != " " }.lowercased().holds("display:none")
            }
            if hidden, let parent = outline.elements[index].parent { hiddenByParent[parent, default: []].append(index) }
        }
        func currency(_ index: Int) -> String? {
            guard outline.textLength(of: index) <= PriceTagText.longestTag else { return nil }
            return PriceTagText.price(in: outline.text(of: index))?.currency
        }
        var found: Set<Int> = []
        for (parent, hidden) in hiddenByParent {
            let children = outline.elements[parent].children
            guard hidden.count < children.count,
                let shown = children.lazy.filter({ !hidden.contains($0) }).compactMap(currency).first
            else { continue }
            found.formUnion(hidden.filter { currency($0).map { $0 != shown } ?? false })
        }
        return found
    }

    private static func struckClasses(in outline: DocumentOutline) -> Set<String> {
        var found: Set<String> = []
        for index in outline.elements.indices where outline.elements[index].name == "style" {
            // Most pages' CSS strikes nothing: look for the word in the bytes before splitting a style sheet.
            guard let raw = outline.elements[index].rawText, raw.holds("line-through", foldingCase: true) else {
                continue
            }
            let css = Array(raw.utf8)
            for rule in css.split(separator: UInt8(ascii: "}")) {
                guard let brace = rule.firstIndex(of: UInt8(ascii: "{")),
                    Array(rule[brace...]).holds(foldingCase: "line-through")
                else { continue }
                // The last class of each selector is the element the rule styles.
                for selector in rule[..<brace].split(separator: UInt8(ascii: ",")) {
                    guard let last = selector.split(whereSeparator: { $0 == 0x20 || $0 == UInt8(ascii: ">") }).last
                    else { continue }
                    let step = String(decoding: last, as: UTF8.self).lowercased()
                    guard let dot = step.lastIndex(of: ".") else { continue }
                    let name = step[step.index(after: dot)...].prefix {
                        $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_"
                    }
                    if !name.isEmpty { found.insert(String(name)) }
                }
            }
        }
        return found
    }
}
