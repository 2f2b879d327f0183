import Foundation
import PricewatchCore

/// Reads one block of a repeated group (a pricing card or column): its plan name, prices and features.
struct CardReader {
    let page: Page
    let tags: PriceTags
    /// What each class word says about its element, worked out once per page: the cards of a page repeat
    /// the same words ("text-sm", "font-bold"), and each was matched against every name and badge word.
    private let classWords = ClassWordVerdicts()

    init(page: Page, tags: PriceTags) {
        self.page = page
        self.tags = tags
    }

    /// What a card says, and where.
    struct Card {
        var name: String
        var nameElement: Int
        var prices: [String: Price]
        var priceElement: Int
        var features: [String]
        /// How many price tags the card holds: a calculator or a comparison holds many, a plan one or two.
        var tagCount: Int
        var hasHeadingName: Bool
        var hasCallToAction: Bool
        /// The element path from the card to its price tag, tag names only: cards of one kind share it.
        var priceShape: String
    }

    func read(_ card: Int) -> Card? {
        let inside = tags.tags(in: card, page: page).filter { !$0.struck && $0.element != card }
        guard !inside.isEmpty else { return nil }
        let isAction = { (tag: PriceTags.Tag) in self.isInAction(tag.element, card: card) }
        let main =
            inside.first { $0.price.kind == .amount && !isAction($0) }
            ?? inside.first { ($0.price.kind == .free || $0.price.kind == .custom) && !isAction($0) }
            ?? inside.first { $0.price.kind == .contactSales || $0.price.kind == .custom }
        guard let main else { return nil }
        guard let found = findName(in: card, price: main) else { return nil }
        var (name, price) = (found.text, main.price)
        let (nameElement, heading) = (found.element, found.heading)
        if nameElement == main.element, let split = found.split {
            // "Profi — 19,90 € / Monat": the name and the price share a heading.
            name = split.name
            price = split.price
        }
        var prices: [String: Price] = [:]
        let following = nextSiblingText(of: main.element)
        if let termed = withTerms(of: price, tag: main.element, following: following) { price = termed }
        let note = [
            following, page.parent(main.element).map { $0 == card ? "" : nextSiblingText(of: $0) } ?? "",
        ]
        prices[
            PriceField.field(
                for: price, tag: page.text(main.element), context: following, note: note.joined(separator: " "))] =
            price
        applyToggles(card: card, main: main, price: price, to: &prices)
        let lines = applyAnnualLines(card: card, main: main, price: price, to: &prices)
        return Card(
            name: name, nameElement: nameElement, prices: prices, priceElement: main.element,
            features: features(in: card, name: nameElement, price: main.element, leaving: lines),
            tagCount: inside.filter { $0.price.kind == .amount }.count, hasHeadingName: heading,
            hasCallToAction: hasCallToAction(card), priceShape: shape(from: card, to: main.element))
    }

    // MARK: Names

    private static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    private static let badgeWords = ["badge", "ribbon", "pill", "chip", "popular", "tag", "label", "eyebrow", "flag"]
    private static let nameWords = ["name", "title", "tier", "plan", "heading", "header"]

    /// A card's name: its text and element, whether that is a heading, and for a heading that is the price
    /// tag too, the name and price it splits into.
    private typealias Name = (text: String, element: Int, heading: Bool, split: (name: String, price: Price)?)

    /// The plan's name: the first heading, else a block whose class says name/title/tier, else a bold short
    /// text (`<strong>`, `<b>` or a bold utility class); badges ("Most popular") and prices are skipped. Nil
    /// when the card has none.
    private func findName(in card: Int, price tag: PriceTags.Tag) -> Name? {
        let price = tag.element
        let range = page.descendants(of: card)
        var fallback: Name?
        for index in range where !page.struck[index] {
            let name = page.name(index)
            let isHeading = Self.headings.contains(name)
            let words = page.classes[index].map(classWords.verdict)
            let namedByClass = words.contains { $0.names }
            let bold = name == "strong" || name == "b" || words.contains { $0.bold }
            guard isHeading || namedByClass || bold else { continue }
            if words.contains(where: { $0.badge }) { continue }
            let text = page.text(index)
            guard Self.isNameLike(text) else { continue }
            if index == price || page.contains(index, price) {
                // A heading that holds the price too can only be "Name — price", or a free plan's name ("Free",
                // "Web Free Plan") when the card shows no other price; not a sentence ("Start free today.").
                if index == price {
                    let split = splitNameAndPrice(text)
                    if split != nil || tag.price.kind == .free && Self.isFreePlanName(text) {
                        return (text, index, isHeading, split)
                    }
                }
                continue
            }
            // "Free" names a plan as often as it prices one; an amount never names one.
            if tags.price(in: text)?.kind == .amount { continue }
            if isHeading || namedByClass { return (text, index, isHeading, nil) }
            if fallback == nil { fallback = (text, index, false, nil) }
        }
        return fallback
    }

    /// Whether a class word names its element (a plan's name or title), whether it marks a badge, and whether
    /// it makes its text bold.
    fileprivate static func verdict(on word: String) -> ClassWordVerdicts.Verdict {
        // A BEM class names its element last: "plan-card__name" names, "plan-card__item" does not.
        let element = bemElement(of: word)
        return (
            names: nameWords.contains(where: element.holds) && !element.holds("price") && !element.holds("sub"),
            badge: badgeWords.contains(where: word.holds),
            bold: boldWords.contains(word)
        )
    }

    /// Utility classes that make a text bold (Tailwind's `font-semibold`, Bootstrap's `fw-bold`): on pages built
    /// with them, a plan's name is a `<p class="text-lg font-semibold">`, not a heading or a `<strong>`.
    private static let boldWords: Set<String> = [
        "font-bold", "font-semibold", "font-extrabold", "font-black", "fw-bold", "fw-semibold", "fw-bolder",
        "font-weight-bold", "bold",
    ]

    /// "Free", "Web Free Plan", "Gratis": a few words and no sentence's punctuation or invitation.
    private static func isFreePlanName(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard words.count <= 4, !text.contains(where: { "。.!?、,！？".contains($0) }) else { return false }
        let first = words.first.map { $0.lowercased() } ?? ""
        return !["start", "try", "get", "sign", "join", "begin", "go", "use", "jetzt", "starte", "essayez", "prueba"]
            .contains(first)
    }

    /// The part of a class word after its last "__" (a BEM element name), or the whole word.
    private static func bemElement(of word: String) -> Substring {
        let bytes = word.utf8
        var index = bytes.endIndex
        while index > bytes.startIndex {
            let previous = bytes.index(before: index)
            if bytes[previous] == 0x5F, previous > bytes.startIndex, bytes[bytes.index(before: previous)] == 0x5F {
                return word[index...]
            }
            index = previous
        }
        return word[...]
    }

    static func isNameLike(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 60 else { return false }
        let words = text.split(separator: " ")
        guard words.count <= 8, text.contains(where: \.isLetter) else { return false }
        if text.hasSuffix("?") || (text.hasSuffix(".") && words.count > 3) { return false }
        return !popularBadges.contains(text.lowercased())
    }

    private static let popularBadges: Set<String> = [
        "most popular", "popular", "recommended", "best value", "empfohlen", "beliebt", "le plus populaire",
        "recomendado", "más popular", "consigliato", "aanbevolen", "おすすめ", "人気", "new", "save 20%",
    ]

    /// Splits "Profi — 19,90 € / Monat" or "Basisversion – kostenlos" into the name and the price.
    private func splitNameAndPrice(_ text: String) -> (name: String, price: Price)? {
        for separator in [" — ", " – ", " - ", ": ", " | ", " · "] {
            guard let range = text.range(of: separator) else { continue }
            let name = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            let rest = String(text[range.upperBound...])
            guard !name.isEmpty, Self.isNameLike(name), tags.reading(of: name) == nil,
                let price = tags.reading(of: rest)
            else { continue }
            return (name, price)
        }
        return nil
    }

    // MARK: Prices

    /// A button or link: "Start free" there is an invitation, not a price.
    private func isInAction(_ element: Int, card: Int) -> Bool {
        var current: Int? = element
        while let node = current, node != card {
            let name = page.name(node)
            if name == "a" || name == "button" { return true }
            current = page.parent(node)
        }
        return false
    }

    private func nextSiblingText(of element: Int, skipping skipped: Int = 0) -> String {
        guard let parent = page.parent(element) else { return "" }
        let siblings = page.children(parent)
        guard let position = siblings.firstIndex(of: element), position + 1 + skipped < siblings.count else {
            return ""
        }
        let text = page.text(siblings[position + 1 + skipped])
        return text.count <= 60 ? text : ""
    }

    /// "$29" whose terms are the block after it ("per user / month", "per month, billed yearly (€39)"): the
    /// price read with that text, when the text says a period before any figure of its own ("Save 20% yearly"
    /// does not) and the reading keeps the amount and currency.
    private func withTerms(of price: Price, tag element: Int, following: String) -> Price? {
        guard price.kind == .amount, price.period == nil, price.unit == nil, !following.isEmpty else { return nil }
        // "$10" "$8" "/mo": a billing toggle's other figure may stand between the amount and the terms both share.
        let terms =
            tags.reading(of: following)?.kind == .amount ? nextSiblingText(of: element, skipping: 1) : following
        let beforeFigures = terms.prefix { !$0.isNumber }.lowercased()
        guard
            PriceField.monthWords.contains(where: beforeFigures.holds)
                || PriceField.yearWords.contains(where: beforeFigures.holds),
            let read = tags.reading(of: page.text(element) + " " + terms),
            read.kind == .amount, read.amount == price.amount, read.currency == price.currency,
            read.period != nil
        else { return nil }
        return read
    }

    /// A billing toggle: the other figure of the card, in `data-*` attributes (`data-annual="799"`) or in a
    /// second price tag marked as annual (a hidden span, a class), goes beside the shown one.
    private func applyToggles(card: Int, main: PriceTags.Tag, price: Price, to prices: inout [String: Price]) {
        let around = [main.element] + Array(page.descendants(of: main.element))
        for index in around {
            for (name, value) in page.outline.elements[index].attributes where name.hasPrefix("data-") {
                guard let amount = Self.bareAmount(value) else { continue }
                let key = name.lowercased()
                let toggled = Price(
                    raw: value, kind: .amount, amount: amount, currency: price.currency,
                    period: key.holds("total") ? "year" : "month", unit: price.unit)
                if BillingWords.isAnnual(key) {
                    prices[key.holds("total") ? "annual" : "annual_monthly"] = toggled
                } else if BillingWords.isMonthly(key) {
                    // The shown figure is the monthly one; it keeps the page's wording when they agree.
                    let shown = prices.removeValue(forKey: "price") ?? prices["monthly"]
                    prices["monthly"] = shown?.amount == amount ? shown : toggled
                }
            }
        }
        guard prices["annual_monthly"] == nil, prices["annual"] == nil || prices["monthly"] == nil else { return }
        // A second tag marked annual (or monthly) in the card: the other figure of the toggle.
        var mainIsAnnual: Bool?  // worked out once, when a tag says annual
        for tag in tags.tags(in: card, page: page) where tag.element != main.element && !tag.struck {
            guard tag.price.kind == .amount, tag.price.currency == price.currency else { continue }
            let words = ([tag.element] + page.ancestors(of: tag.element).prefix(3)).map(page.labelWords).joined(
                separator: " ")
            guard BillingWords.isAnnual(words) else { continue }
            let mainAnnual =
                mainIsAnnual
                ?? BillingWords.isAnnual(
                    ([main.element] + page.ancestors(of: main.element).prefix(3)).map(page.labelWords).joined(
                        separator: " "))
            mainIsAnnual = mainAnnual
            if !mainAnnual {
                let other =
                    withTerms(of: tag.price, tag: tag.element, following: nextSiblingText(of: tag.element))
                    ?? tag.price
                prices[other.period == "year" ? "annual" : "annual_monthly"] = other
                if prices["price"] != nil, let shown = prices.removeValue(forKey: "price") { prices["monthly"] = shown }
                return
            }
        }
    }

    /// A card that lists its prices as labelled lines ("Monthly Price: $9.99", "Annual Price (30% off): $6.99",
    /// "Total Annual Payment: $83.92"): the annual lines are the card's annual figures, by the month or for the
    /// year as their label or period says, not features. Returns the lines read.
    private func applyAnnualLines(card: Int, main: PriceTags.Tag, price: Price, to prices: inout [String: Price])
        -> [Int]
    {
        guard price.kind == .amount, prices["annual_monthly"] == nil, prices["annual"] == nil else { return [] }
        var read: [Int] = []
        for index in page.descendants(of: card) where page.name(index) == "li" && !page.struck[index] {
            guard !page.contains(index, main.element), page.outline.textLength(of: index) <= 80 else { continue }
            let text = page.text(index)
            guard let colon = text.byteOffset(of: ": ") else { continue }
            let label = String(decoding: text.utf8.prefix(colon), as: UTF8.self).lowercased()
            let rest = String(decoding: text.utf8.dropFirst(colon + 2), as: UTF8.self)
            guard BillingWords.isAnnual(label), Self.priceLabelWords.contains(where: label.holds),
                var figure = tags.reading(of: rest), figure.kind == .amount, figure.currency == price.currency
            else { continue }
            let total = figure.period == "year" || Self.totalWords.contains(where: label.holds)
            let field = total ? "annual" : "annual_monthly"
            guard prices[field] == nil else { continue }
            figure.period = total ? "year" : "month"
            prices[field] = figure
            read.append(index)
        }
        if !read.isEmpty, let shown = prices.removeValue(forKey: "price") { prices["monthly"] = shown }
        return read
    }

    /// Words that make a labelled line a price ("Annual Price", "Yearly cost"), not a saving or a count.
    private static let priceLabelWords = [
        "price", "payment", "cost", "billed", "total", "preis", "zahlung", "prix", "paiement", "precio", "pago",
        "preço", "prezzo", "prijs",
    ]
    /// Words that make an annual line the year's total rather than a monthly figure billed by the year.
    private static let totalWords = ["total", "payment", "per year", "/year", "gesamt", "zahlung", "paiement"]

    /// "799", "1,199", "3199.00": an amount without a currency, as toggles keep them in attributes.
    static func bareAmount(_ value: String) -> Amount? {
        // Most `data-*` values hold an ASCII byte that is no digit, separator or space ("true", "card-2"),
        // which trimming would leave: they are no amount, seen before Foundation trims them.
        let isAmountByte = { (byte: UInt8) in (byte >= 0x30 && byte <= 0x39) || byte == 0x2C || byte == 0x2E }
        if value.utf8.allSatisfy(isAmountByte) { return bareAmount(trimmed: value) }
        if value.utf8.contains(where: { $0 < 0x80 && !isAmountByte($0) && $0 != 0x20 && $0 != 0x09 }) { return nil }
        return bareAmount(trimmed: value.trimmingCharacters(in: .whitespaces))
    }

    private static func bareAmount(trimmed: String) -> Amount? {
        guard !trimmed.isEmpty, trimmed.count <= 12,
            trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }),
            trimmed.first?.isNumber == true
        else { return nil }
        var digits = trimmed
        // "1,199" and "1.199" group thousands; "19.99" and "19,99" have cents.
        if let last = digits.lastIndex(where: { $0 == "," || $0 == "." }),
            digits.distance(from: last, to: digits.endIndex) - 1 == 3
        {
            digits.removeAll { $0 == "," || $0 == "." }
        } else {
            digits = digits.replacingOccurrences(of: ",", with: ".")
            if digits.filter({ $0 == "." }).count > 1 { return nil }
        }
        return Amount(digits)
    }

    // MARK: Features and signals

    private func features(in card: Int, name: Int, price: Int, leaving prices: [Int]) -> [String] {
        var features: [String] = []
        for index in page.descendants(of: card) where page.name(index) == "li" && !page.struck[index] {
            guard !page.contains(index, price), !page.contains(index, name), !prices.contains(index) else { continue }
            let text = page.text(index)
            guard !text.isEmpty, text.count <= 160 else { continue }
            features.append(text)
            if features.count == 60 { break }
        }
        return features
    }

    private func hasCallToAction(_ card: Int) -> Bool {
        page.descendants(of: card).contains { index in
            let name = page.name(index)
            return name == "button"
                || (name == "a" && page.classes[index].contains { $0.holds("btn") || $0.holds("button") })
        }
    }

    private func shape(from card: Int, to element: Int) -> String {
        var names: [String] = []
        var current: Int? = element
        while let node = current, node != card {
            names.append(page.name(node))
            current = page.parent(node)
        }
        return names.reversed().joined(separator: "/")
    }
}

/// ``CardReader``'s verdicts on class words, each word's worked out once.
private final class ClassWordVerdicts {
    typealias Verdict = (names: Bool, badge: Bool, bold: Bool)
    private var known: [String: Verdict] = [:]

    func verdict(_ word: String) -> Verdict {
        if let verdict = known[word] { return verdict }
        let verdict = CardReader.verdict(on: word)
        known[word] = verdict
        return verdict
    }
}

/// Words that mark a figure as the monthly or the annual one of a billing toggle, in attributes and classes.
enum BillingWords {
    static func isAnnual(_ text: String) -> Bool {
        ["annual", "yearly", "year", "jahr", "annuel", "anual", "jaar", "annum"].contains(where: text.holds)
    }

    static func isMonthly(_ text: String) -> Bool {
        ["monthly", "month", "monat", "mensuel", "mensual", "maand", "mese"].contains(where: text.holds)
    }

    /// Whether a note beside a monthly figure ("billed annually", "per seat, billed yearly", "bei jährlicher
    /// Zahlung") says the plan is paid by the year. Not when it names monthly billing first ("billed monthly;
    /// save 20% billed annually"), offers a saving ("save 20% when billed annually") or an alternative ("or
    /// $144 billed annually").
    static func isBilledAnnually(_ text: String) -> Bool {
        // Most notes name no year at all: their bytes say so before any phrase is looked for.
        guard ["annu", "year", "jähr", "anual", "jaar", "年"].contains(where: { text.holds($0, foldingCase: true) }),
            let annual = billedAnnually.compactMap({ text.byteOffset(of: $0, foldingCase: true) }).min()
        else { return false }
        if let monthly = billedMonthly.compactMap({ text.byteOffset(of: $0, foldingCase: true) }).min(),
            monthly < annual
        {
            return false
        }
        let words = text.lowercased().split { !$0.isLetter }
        return !words.contains { offerWords.contains(String($0)) }
    }

    private static let billedAnnually = [
        "billed annually", "billed yearly", "billed per year", "billed once a year", "billed every year",
        "paid annually", "paid yearly", "annual billing", "yearly billing", "annual plan", "annual subscription",
        "jährlich abgerechnet", "jährliche abrechnung", "jährlicher abrechnung", "jährlicher zahlung",
        "jährliche zahlung", "facturé annuellement", "facturée annuellement", "facturation annuelle",
        "facturado anualmente", "facturación anual", "pago anual", "cobrado anualmente", "faturado anualmente",
        "cobrança anual", "fatturato annualmente", "fatturazione annuale", "jaarlijks gefactureerd",
        "jaarlijkse facturering", "年払い", "年間払い", "年額一括",
    ]
    private static let billedMonthly = [
        "billed monthly", "paid monthly", "monthly billing", "monatlich abgerechnet", "monatliche abrechnung",
        "facturé mensuellement", "facturation mensuelle", "facturado mensualmente", "cobrado mensalmente",
        "fatturato mensilmente", "maandelijks gefactureerd", "月払い",
    ]
    /// Words that make the note an offer beside the price rather than its terms.
    private static let offerWords: Set<String> = [
        "save", "saving", "savings", "off", "discount", "or", "switch", "sparen", "spare", "rabatt", "oder",
        "économisez", "ou", "ahorra", "ahorre", "o", "economize", "risparmia", "oppure", "bespaar",
    ]
}
