import PricewatchCore

/// Finds plans in repeated sibling blocks: cards or columns of one kind under one parent, each holding a name
/// and a price. Every enclosing level of every price tag proposes a group; each group is scored on what
/// pricing cards have (a pricing context, names in headings, one main price each, buttons, feature lists)
/// and what decoys have (a testimonial, FAQ or calculator context, many prices per block), and the best wins.
struct CardGroups {
    let page: Page
    let tags: PriceTags

    /// A proposed group: the parent, the blocks, what each says and the score.
    struct Group {
        let parent: Int
        let members: [Int]
        let cards: [(element: Int, card: CardReader.Card)]
        let score: Double
        let rejection: String?
    }

    /// Every group proposed, best first (the best is the first without a rejection).
    func groups() -> [Group] {
        let reader = CardReader(page: page, tags: tags)
        var seen: Set<[Int]> = []
        var groups: [Group] = []
        for tag in tags.tags where !tag.struck {
            var level = tag.element
            for _ in 0..<10 {
                guard let parent = page.element(level).parent, page.name(parent) != "html" else { break }
                let members = page.element(parent).children.filter { similar($0, level) }
                if members.count >= 2, seen.insert(members).inserted, !isTableRow(members) {
                    groups.append(score(parent: parent, members: members, reader: reader))
                }
                level = parent
            }
        }
        // A block that holds a group of cards is a row or a section of cards, not a card: "Basic" and
        // "Business" in one row are two plans, not one.
        let accepted = groups.filter { $0.rejection == nil && $0.cards.count >= 2 }
        groups = groups.map { group in
            guard group.rejection == nil,
                group.members.contains(where: { member in accepted.contains { page.contains(member, $0.parent) } })
            else { return group }
            return Group(
                parent: group.parent, members: group.members, cards: group.cards, score: group.score,
                rejection: "its blocks hold groups of cards themselves")
        }
        return groups.sorted { a, b in
            if (a.rejection == nil) != (b.rejection == nil) { return a.rejection == nil }
            return a.score != b.score ? a.score > b.score : a.parent < b.parent
        }
    }

    /// Blocks of one kind: the same tag, and a class token in common (or no class at all).
    private func similar(_ a: Int, _ b: Int) -> Bool {
        guard page.name(a) == page.name(b) else { return false }
        let (ca, cb) = (page.classes[a], page.classes[b])
        if ca.isEmpty && cb.isEmpty { return true }
        return ca.contains(where: cb.contains)
    }

    /// Table cells and rows are read as tables, where the header names the plans.
    private func isTableRow(_ members: [Int]) -> Bool {
        ["tr", "td", "th", "tbody", "thead"].contains(page.name(members[0]))
    }

    private static let pricingWords = [
        "pric", "plan", "tier", "package", "paket", "tarif", "preis", "precio", "prezz", "offer", "subscri",
    ]
    private static let decoyWords = [
        "testimonial", "review", "quote", "faq", "question", "blog", "post", "article", "news", "roi",
        "calculat", "saving", "comment", "author", "team", "human", "addon", "add-on", "extra", "related",
        "accordion", "footer", "nav", "menu", "cookie", "customer", "case-stud", "story",
        // Listings priced by the year, the month or the night that are not plans: jobs' salaries, homes to
        // rent, hotel rooms.
        "job", "career", "salar", "vacanc", "listing", "propert", "rental", "apartment", "hotel", "real-estate",
    ]

    private static let cartWords = [
        "add to cart", "add to bag", "add to basket", "in den warenkorb", "ajouter au panier", "añadir al carrito",
        "aggiungi al carrello", "in winkelwagen", "adicionar ao carrinho", "カートに入れる", "加入购物车",
    ]

    private func score(parent: Int, members: [Int], reader: CardReader) -> Group {
        let cards = members.compactMap { member in reader.read(member).map { (member, $0) } }
        func reject(_ reason: String, _ score: Double = 0) -> Group {
            Group(parent: parent, members: members, cards: cards, score: score, rejection: reason)
        }
        guard cards.count >= 2 else {
            return reject("\(cards.count) of \(members.count) blocks hold a plan name and a price")
        }
        let names = cards.map { $0.1.name.lowercased() }
        guard Set(names).count == names.count else { return reject("blocks repeat the same name") }
        let amounts = cards.filter { $0.1.prices.values.contains { $0.kind == .amount } }.count
        guard amounts >= 1 else { return reject("no block states an amount") }
        let shares = { (count: Int) in Double(count) / Double(cards.count) }
        // Context: the words of the group's parent and a few enclosing blocks, and of the blocks themselves.
        let contextElements = [parent] + page.ancestors(of: parent).prefix(4) + members.prefix(1)
        let context = contextElements.map(page.labelWords).joined(separator: " ")
        let headingText = nearestHeading(before: members[0]).lowercased()
        var score = Double(cards.count) + shares(amounts) * 2
        let saysPricing = Self.pricingWords.contains(where: context.holds)
        if saysPricing { score += 2 }
        if let decoy = Self.decoyWords.first(where: { context.holds($0) || headingText.holds($0) }) {
            score -= 4
            if !saysPricing {
                return reject("its context says '\(decoy)', not pricing", score)
            }
        }
        score += shares(cards.filter { $0.1.hasHeadingName }.count) * 1.5
        score += shares(cards.filter { $0.1.hasCallToAction }.count)
        score += shares(cards.filter { !$0.1.features.isEmpty }.count)
        let crowded = cards.filter { $0.1.tagCount > 2 }.count
        if shares(crowded) > 0.5 { score -= 3 }
        score += shares(Set(cards.map { $0.1.priceShape }).count == 1 ? cards.count : 0)
        // Blocks without a plan among many: a generic list that happens to hold two prices.
        score -= Double(members.count - cards.count) * 0.5
        guard score >= 4 else { return reject("too few signs of pricing cards (score \(Self.format(score)))", score) }
        // A shop's products: blocks put in a cart, at prices with no billing period or unit.
        if !cards.contains(where: { $0.1.prices.values.contains(where: \.isRecurring) }) {
            let inCart = cards.filter { card in
                let text = Array(page.textBytes(card.0))
                return Self.cartWords.contains(where: text.holds(foldingCase:))
            }
            if shares(inCart.count) > 0.5 { return reject("its blocks are products put in a cart, not plans", score) }
        }
        return Group(parent: parent, members: members, cards: cards, score: score, rejection: nil)
    }

    /// The text of the last heading before an element (a section's title says what its cards are).
    private func nearestHeading(before element: Int) -> String {
        var index = element - 1
        var steps = 0
        while index >= 0, steps < 400 {
            if ["h1", "h2", "h3"].contains(page.name(index)) { return page.text(index) }
            index -= 1
            steps += 1
        }
        return ""
    }

    static func format(_ score: Double) -> String {
        String(Double(Int(score * 10)) / 10)
    }

    /// A group's confidence in percent: a clear group of pricing cards reaches the nineties.
    static func confidence(of group: Group) -> Int {
        min(95, max(40, Int(40 + group.score * 5)))
    }
}
