import PricewatchCore

/// Decides whether a short text on a page is a plan's price, through the one price parser that rules use.
///
/// A rule's author points at the price; here every short text of the page is a suspect, so a text counts only
/// when it reads like a price tag: the amount comes first (after at most a short label such as "From" or
/// "月額"), it carries a currency, and it is not a magnitude ("$5M saved") or a percentage.
enum PriceReading {
    /// Texts longer than this are sentences that mention a price, not price tags.
    static let longestTag = 48

    /// The price a text states, or nil when it is not a price tag.
    static func price(in text: String) -> Price? {
        guard !text.isEmpty, text.utf8.count <= longestTag * 2, text.count <= longestTag else { return nil }
        guard text.contains(where: \.isNumber) else { return keywordPrice(text) }
        let price = PriceParser.parse(text)
        guard price.kind == .amount, let amount = price.amount, amount.value >= 0, price.currency != nil else {
            return price.kind == .free || price.kind == .custom || price.kind == .contactSales
                ? (text.count <= 30 ? price : nil) : keywordPrice(text)
        }
        guard labelLength(before: text) <= 12, !isMagnitude(text) else { return nil }
        return price
    }

    /// "Free", "Gratis", "Custom", "Auf Anfrage", ...: a short text that is only such words.
    static func keywordPrice(_ text: String) -> Price? {
        guard text.count <= 30 else { return nil }
        let lower = text.lowercased()
        let words = lower.split { !$0.isLetter && $0 != "'" && $0 != "’" }.map(String.init)
        guard !words.isEmpty, words.count <= 4 else { return nil }
        if words.contains(where: freeWords.contains)
            || freeWords.contains(where: { !$0.utf8.allSatisfy { $0 < 0x80 } && lower.contains($0) })
        {
            guard !words.contains(where: { ["no", "not", "kein", "keine", "pas", "sin", "trial"].contains($0) })
            else { return nil }
            return Price(raw: text, kind: .free)
        }
        if customPhrases.contains(where: lower.contains) { return Price(raw: text, kind: .custom) }
        if contactPhrases.contains(where: lower.contains) { return Price(raw: text, kind: .contactSales) }
        return nil
    }

    private static let freeWords: Set<String> = [
        "free", "gratis", "kostenlos", "gratuit", "gratuite", "gratuito", "gratuita", "grátis", "gratuiti", "無料",
        "免费", "무료", "бесплатно", "darmowy", "zdarma", "ücretsiz",
    ]
    private static let customPhrases = [
        "custom", "individuell", "auf anfrage", "sur devis", "sur mesure", "personalizado", "a medida",
        "su misura", "op maat", "要相談", "お見積", "on request", "enterprise pricing",
    ]
    private static let contactPhrases = [
        "contact sales", "contact us", "let's talk", "let’s talk", "talk to sales", "get a quote", "kontakt",
        "contactez", "contáctanos", "contacto", "contatti", "お問い合わせ", "request a quote", "call us",
    ]

    /// The letters before the amount, leaving out the currency right before it: "From $5" has 4.
    static func labelLength(before text: String) -> Int {
        guard let firstDigit = text.firstIndex(where: \.isNumber) else { return 0 }
        var label = text[..<firstDigit]
        // A currency code or symbol before the number is part of the price, not of its label.
        while let last = label.last, !last.isWhitespace, !last.isLetter || label.hasSuffix("R$") {
            label = label.dropLast()
        }
        for code in ["USD", "EUR", "GBP", "CHF", "INR", "JPY", "CAD", "AUD", "US", "R", "Rs", "kr", "zł", "Kč"]
        where label.trimmingSpaces.hasSuffix(code) {
            label = label.trimmingSpaces.dropLast(code.count)
            break
        }
        return label.filter(\.isLetter).count
    }

    /// "$5M", "$2bn", "€10k saved": amounts in a story, not on a price tag.
    private static func isMagnitude(_ text: String) -> Bool {
        guard let lastDigit = text.lastIndex(where: \.isNumber) else { return false }
        let rest = text[text.index(after: lastDigit)...]
        if rest.hasPrefix("%") { return true }
        let word = rest.prefix { $0.isLetter }
        return ["k", "m", "b", "bn", "mm", "million", "billion", "mio", "mrd", "tsd"].contains(word.lowercased())
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.last?.isWhitespace == true { text = text.dropLast() }
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        return text
    }
}
