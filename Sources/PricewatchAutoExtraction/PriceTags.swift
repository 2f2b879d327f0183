import PricewatchCore

/// The price tags of a page: the elements whose whole text is a price ("$19/month", "249€/Monat", "Custom"),
/// each the outermost element that still says only that, so a period in a sibling span is included.
struct PriceTags {
    /// A price tag: the element and what it says.
    struct Tag {
        let element: Int
        let price: Price
        /// Shown struck through: a "was" price or a decoy, never a plan's price.
        let struck: Bool
    }

    /// Tags in document order.
    let tags: [Tag]
    /// Tag index by element.
    let byElement: [Int: Int]
    /// What each short text of the page read as, for ``price(in:)``.
    private let known: [String: Price?]

    init(_ page: Page) {
        var found: [Int: Price] = [:]
        var order: [Int] = []
        var read: [String: Price?] = [:]
        read.reserveCapacity(min(page.count / 2, 1024))
        for index in 0..<page.count where !page.inChrome[index] {
            let length = page.outline.textLength(of: index)
            guard length > 0, length <= PriceTagText.longestTag * 3 else { continue }
            let name = page.name(index)
            guard !["html", "body", "script", "style", "option", "title", "head"].contains(name) else { continue }
            // Most texts are no price at all: that is seen on their bytes, before they become strings. A text
            // with something struck through in it is looked at once that is left out.
            let lookedAt = !page.holdsStruck[index]
            if lookedAt, !PriceTagText.mayBePrice(bytes: page.textBytes(index)) { continue }
            let text = page.unstruckText(index)
            // A list item's words ("Free SSL", "Custom domains"), or a span that is all of one, are a feature,
            // not a price; its amounts are read.
            if !text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }), Self.isAllOfAListItem(index, page: page) {
                continue
            }
            // A wrapper and its only child often say the same; each text is read once.
            let price: Price?
            if let known = read[text] {
                price = known
            } else {
                price = lookedAt || PriceTagText.mayBePrice(text) ? PriceTagText.price(in: text) : nil
                read[text] = price
            }
            if let price {
                found[index] = price
                order.append(index)
            }
        }
        // Of nested tags that state the same price, keep the outer one when it only adds the terms after the
        // amount ("₹999" inside "₹999 /mo"), the inner one otherwise (a card's "Basic $0" around "$0").
        var dropped: Set<Int> = []
        for index in order {
            guard let parent = page.parent(index), let outer = found[parent], Self.same(outer, found[index]!)
            else { continue }
            let (outerText, innerText) = (page.unstruckText(parent), page.unstruckText(index))
            let addsOnlyTerms =
                (outerText.hasPrefix(innerText)
                    || Self.addsOnlyALabel(outer, around: found[index]!, outerText, innerText))
                && outerText.count - innerText.count <= 20
                && !["h1", "h2", "h3", "h4", "h5", "h6"].contains(page.name(index))
            dropped.insert(addsOnlyTerms ? index : parent)
        }
        var tags: [Tag] = []
        for index in order where !dropped.contains(index) {
            tags.append(Tag(element: index, price: found[index]!, struck: page.struck[index]))
        }
        self.tags = tags
        var byElement: [Int: Int] = [:]
        for (position, tag) in tags.enumerated() { byElement[tag.element] = position }
        self.byElement = byElement
        self.known = read
    }

    /// The price a text states as a price tag (``PriceTagText/price(in:)``), read once per page: element texts
    /// were read when the tags were found.
    func price(in text: String) -> Price? {
        if let known = known[text] { return known }
        return PriceTagText.mayBePrice(text) ? PriceTagText.price(in: text) : nil
    }

    /// ``PriceTagText/price(in:)`` of any text (one that ``PriceTagText/mayBePrice(_:)`` passes over too),
    /// from what the page's texts read as when it is one of them.
    func reading(of text: String) -> Price? {
        PriceTagText.mayBePrice(text) ? price(in: text) : PriceTagText.price(in: text)
    }

    /// An element whose text is the whole text of a list item (the item itself, or its only content).
    private static func isAllOfAListItem(_ index: Int, page: Page) -> Bool {
        let length = page.outline.textLength(of: index)
        var current: Int? = index
        while let element = current, page.outline.textLength(of: element) == length {
            if page.name(element) == "li" { return true }
            current = page.parent(element)
        }
        return false
    }

    /// "From <strong>$32</strong>/month": the outer text is the inner price behind a starting-price label, with
    /// the terms the inner one lacks.
    private static func addsOnlyALabel(_ outer: Price, around inner: Price, _ outerText: String, _ innerText: String)
        -> Bool
    {
        guard inner.period == nil, inner.unit == nil, outer.period != nil || outer.unit != nil,
            let offset = outerText.byteOffset(of: innerText)
        else { return false }
        let label = String(decoding: outerText.utf8.prefix(offset), as: UTF8.self)
        return fromLabels.contains(label[...].trimmingSpaces.lowercased())
    }

    /// Labels of a starting price, in the languages pricing pages are written in.
    private static let fromLabels: Set<String> = [
        "from", "starting at", "starts at", "starting from", "only", "just", "ab", "nur", "à partir de", "dès",
        "desde", "a partir de", "vanaf", "da", "a partire da",
    ]

    private static func same(_ a: Price, _ b: Price) -> Bool {
        a.kind == b.kind && a.amount == b.amount && a.currency == b.currency
    }

    /// The tags inside an element, in document order.
    func tags(in element: Int, page: Page) -> ArraySlice<Tag> {
        // Tags are in document order, and an element's descendants follow it: the tags are one run.
        let end = page.descendants(of: element).upperBound
        return tags[firstTag(atOrAfter: element)..<firstTag(atOrAfter: end)]
    }

    /// The index of the first tag whose element is at or after `element` in document order.
    private func firstTag(atOrAfter element: Int) -> Int {
        var (low, high) = (0, tags.count)
        while low < high {
            let middle = (low + high) / 2
            if tags[middle].element < element { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
