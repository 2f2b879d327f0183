import PricewatchHTML

/// Where a text to be read as a price comes from, which decides how much it must show to count as one.
public enum PriceContext: Sendable, Hashable {
    /// Text from an element known to hold a price: a rule's price field, `itemprop="price"`, a JSON-LD
    /// `price`. A bare number ("49", "49/mo") is an amount whose currency is unknown (nil).
    case priceField
    /// Text found anywhere on a page, as zero-config extraction meets it: only an amount with a currency
    /// mark, or a wording of free, custom or contact-sales, is a price. "$5M saved", "30% off",
    /// "14-day free trial", "24/7", "2026" and phone numbers are not.
    case pageText
}

/// A text read as a price, with how sure the reading is that the text states a price.
public struct PriceReading: Hashable, Sendable {
    /// The price, as ``PriceParser/parse(_:)`` gives it (a range gives its low end).
    public var price: Price
    /// From 0 to 1: about 0.9 for a short text that is a price ("$29/mo", "Free", "29,90 € pro Monat"),
    /// about 0.5 for a bare number in a price field, lower for a price inside a sentence or next to words of
    /// saving ("Save $50 a year"). Compare readings with it; do not read it as a probability.
    public var confidence: Double

    /// Creates a reading.
    public init(price: Price, confidence: Double) {
        self.price = price
        self.confidence = confidence
    }
}

extension PriceParser {
    /// Reads `text` as a price if it is one in `context`, with a confidence: what zero-config extraction
    /// asks of every candidate text ("is this a price, and how sure?").
    ///
    /// ```swift
    /// PriceParser.read("29,90 € / Monat", context: .pageText)  // 29.90 EUR a month, confidence 0.95
    /// PriceParser.read("$5M saved", context: .pageText)        // nil
    /// PriceParser.read("49", context: .priceField)             // 49, currency nil, confidence 0.5
    /// ```
    ///
    /// - Parameters:
    ///   - text: The text, as gathered from the page (whitespace is collapsed here).
    ///   - context: Whether the text comes from a price field or from anywhere on a page.
    /// - Returns: The reading, or nil when the text holds no price, or one that is malformed or has more than
    ///   38 significant digits.
    public static func read(_ text: String, context: PriceContext) -> PriceReading? {
        let raw = collapseWhitespace(text)
        guard let reading = reading(raw, context: context) else { return nil }
        let price = reading.price
        let words = Words(raw)
        var confidence: Double
        switch price.kind {
        case .amount:
            if let match = reading.match, match.hasMagnitude {
                // "$5M saved", "$2B market": a figure of speech, not a price list's amount.
                if context == .pageText { return nil }
                confidence = 0.5
            } else if price.currency == nil {
                confidence = 0.5
            } else {
                confidence = reading.match?.weakCurrency == true ? 0.6 : 0.9
            }
            if price.period != nil || price.unit != nil || reading.isRange { confidence += 0.05 }
        case .free:
            if context == .pageText, PriceKeywords.mentionsTrial(raw) { return nil }
            confidence = 0.85
        case .custom, .contactSales:
            confidence = 0.8
        case .unknown:
            return nil
        }
        // A price inside a sentence is less likely to be a plan's price than one standing on its own.
        if words.count > 12 {
            confidence *= 0.4
        } else if words.count > 6 {
            confidence *= 0.7
        }
        if words.mentionSaving { confidence *= 0.4 }
        return PriceReading(price: price, confidence: min(confidence, 1))
    }

    /// The words of a price text (runs between spaces that hold a letter), counted, and whether one of them is
    /// a word of saving. ASCII text is read on its bytes.
    private struct Words {
        var count = 0
        var mentionSaving = false

        init(_ raw: String) {
            guard FastPath.words.isOn, ASCIIWord.isASCIIOrCaselessEastAsian(raw) else {
                let words = raw.split { $0 == " " }.filter { $0.contains { $0.isLetter } }
                count = words.count
                mentionSaving = words.contains { PriceParser.savingWords.contains($0.lowercased()) }
                return
            }
            // One `Character` per scalar here, and lower-casing changes only ASCII letters.
            for word in raw.utf8.split(separator: UInt8(ascii: " ")) {
                if word.allSatisfy({ $0 < 0x80 }) {
                    guard word.contains(where: ASCIIWord.isLetter) else { continue }
                    count += 1
                    if !mentionSaving {
                        mentionSaving = PriceParser.asciiSavingWords.contains(ASCIIWord(lowercasing: word))
                    }
                } else {
                    let text = String(decoding: word, as: UTF8.self)
                    guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { continue }
                    count += 1
                    if !mentionSaving { mentionSaving = PriceParser.savingWords.contains(text.lowercased()) }
                }
            }
        }
    }

    private static let asciiSavingWords = ASCIIWord.table(PriceParser.savingWords)

    /// Words that make a price a saving or a discount rather than what something costs.
    private static let savingWords: Set<String> = [
        "save", "saved", "saves", "saving", "savings", "off", "discount", "sparen", "sparst", "spare", "ersparnis",
        "économisez", "économie", "ahorra", "ahorre", "ahorro", "economize", "economia", "risparmia", "risparmio",
        "bespaar", "korting", "rabatt", "remise", "descuento", "desconto", "sconto", "割引", "お得",
    ]
}
