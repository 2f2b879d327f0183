import Foundation

/// Reads prices as people write them ("$1,299/mo", "1.234,50 €", "CHF 1'049.95", "₹1,49,000", "月額 ¥900",
/// "$0.002 / 1K tokens", "Kostenlos", "Contact sales") into ``Price`` values, and ranges ("$4 to $500/usage")
/// into ``PriceRange``s. Rules and zero-config extraction share it.
///
/// An amount is a number with a currency mark before or after it: symbols, ISO codes and local
/// abbreviations (``CurrencyMarkers`` lists them; `$` is USD, `¥` JPY, `kr` SEK unless the text says
/// otherwise). In a price field a bare number is an amount too, with no currency. Text before the price is
/// a label and skipped ("From $5", "Monthly Price: $9.99"); the billing period and usage unit are read from
/// the text after it (``PriceTerms``). A sign is kept: "-$5", "−5 €" and "($5)" are credits of 5.
public enum PriceParser {
    /// Parses one price from a price field; never fails, so unrecognised text comes back as `.unknown` with
    /// `raw` kept.
    ///
    /// "Free" gives `.free` with no amount, "$0" gives `.amount` with amount 0, "Custom" gives `.custom`,
    /// "Contact sales"/"Contact us" give `.contactSales`. A range gives its low end, with the whole text
    /// as `raw`. A bare number ("49", "49/mo") gives an amount with `currency` nil. Amounts of more than 38
    /// significant digits are unknown rather than rounded.
    ///
    /// - Parameter text: The price text from the page.
    /// - Returns: The price; `raw` is `text` with whitespace collapsed.
    public static func parse(_ text: String) -> Price {
        let raw = collapseWhitespace(text)
        return reading(raw, context: .priceField)?.price ?? Price(raw: raw, kind: .unknown)
    }

    /// Parses a price range such as "$4 to $500/usage", "$5 - $10", "10 € bis 20 €" or "$5–$10/mo"; a single
    /// price gives a range whose low and high are the same.
    ///
    /// When the low end names no currency, period or unit, it takes the high end's ("$4 to $500/usage" is
    /// $4/usage, "5–10 €" is 5 €).
    ///
    /// - Parameter text: The range text from the page.
    /// - Throws: ``PriceParseError`` when the text holds neither a range nor a single price.
    /// - Returns: The low and high prices.
    public static func parseRange(_ text: String) throws(PriceParseError) -> PriceRange {
        let raw = collapseWhitespace(text)
        if let range = splitRange(raw, context: .priceField) { return range }
        guard let single = reading(raw, context: .priceField)?.price, single.kind == .amount else {
            throw PriceParseError(text: text)
        }
        return PriceRange(low: single, high: single)
    }

    /// What one price text holds, and what the confidence of ``read(_:context:)`` is worked out from.
    struct Reading {
        var price: Price
        var match: PriceScanner.Match?
        var isRange = false
    }

    /// Reads `raw` (whitespace collapsed) as a price, or nil when it holds none for `context`.
    static func reading(_ raw: String, context: PriceContext) -> Reading? {
        if let range = splitRange(raw, context: context) {
            var low = range.low
            low.raw = raw
            return Reading(price: low, isRange: true)
        }
        return single(raw, context: context)
    }

    // MARK: - Single prices

    private static func single(_ raw: String, context: PriceContext) -> Reading? {
        if raw.utf8.first == UInt8(ascii: "("), let negative = accountingNegative(raw) { return negative }
        switch PriceScanner.firstPrice(in: raw) {
        case .found(let match):
            return Reading(price: price(raw, match), match: match)
        case .bare(let match) where context == .priceField && isBarePrice(match):
            return Reading(price: price(raw, match), match: match)
        case .malformed:
            return nil
        case .bare, .none:
            let kind = PriceKeywords.kind(of: raw)
            return kind == .unknown ? nil : Reading(price: Price(raw: raw, kind: kind))
        }
    }

    private static func price(_ raw: String, _ match: PriceScanner.Match) -> Price {
        let terms = PriceTerms(suffix: match.suffix)
        return Price(
            raw: raw, kind: .amount, amount: match.amount, currency: match.currency,
            period: terms.period ?? PriceTerms.period(ofPrefix: match.prefix), unit: terms.unit)
    }

    /// "($5)": an accountant's negative, when the brackets hold the price and nothing else (in "Pro ($29)"
    /// they only set it apart).
    private static func accountingNegative(_ raw: String) -> Reading? {
        guard raw.utf8.last == UInt8(ascii: ")"), raw.utf8.count > 2 else { return nil }
        let inner = String(raw.dropFirst().dropLast())
        guard case .found(let match) = PriceScanner.firstPrice(in: inner),
            match.prefix.allSatisfy({ $0 == " " }), match.suffix.allSatisfy({ $0 == " " })
        else { return nil }
        var price = price(raw, match)
        price.amount = Amount(-match.amount.value)
        return Reading(price: price, match: match)
    }

    /// Whether a number with no currency stands as a price in a price field: nothing but a short label
    /// before it ("Price:", "From") and nothing but its terms after it ("/mo", "per user", "monthly").
    /// "12 monthly credits", "14-day trial", "24/7" and "Version 2.1" are not prices.
    private static func isBarePrice(_ match: PriceScanner.Match) -> Bool {
        guard !match.hasMagnitude else { return false }
        let prefix = match.prefix.trimmingCharacters(in: [" "]).lowercased()
        guard prefix.isEmpty || prefix.hasSuffix(":") || barePrefixes.contains(prefix) else { return false }
        let suffix = match.suffix.drop { $0 == " " }
        guard let first = suffix.first else { return true }
        if first == "/" {
            // "/mo", "/ 1K tokens"; not "/7".
            return suffix.contains { $0.isLetter }
        }
        if !first.isLetter { return !suffix.contains { $0.isLetter || $0.isNumber } }
        // The first word introduces the terms or is a period adverb ("monthly"); "12 months" is a count.
        let firstWord = String(suffix.prefix { $0.isLetter }).lowercased()
        let terms = PriceTerms(suffix: String(suffix))
        if barePeriodWords.contains(firstWord) { return terms.period != nil && terms.unit == nil }
        return ["per", "pro", "par", "por", "al", "a", "each"].contains(firstWord)
            && (terms.period != nil || terms.unit != nil)
    }

    /// Labels that may stand before a bare amount.
    private static let barePrefixes: Set<String> = [
        "from", "starting at", "starts at", "only", "just", "now", "ab", "nur", "à partir de", "dès", "desde",
        "a partir de", "vanaf", "da", "a partire da", "price", "preis", "prix", "precio", "preço", "prezzo", "prijs",
        "~", "≈", "approx.", "ca.", "$", "€",
    ]

    /// Period adverbs that may follow a bare amount: "49 monthly", "49 mensual".
    private static let barePeriodWords: Set<String> = [
        "monthly", "yearly", "annually", "weekly", "daily", "hourly", "monatlich", "jährlich", "mensuel",
        "mensuelle", "annuel", "annuelle", "mensual", "anual", "mensal", "mensile", "annuale", "maandelijks",
        "jaarlijks", "once", "einmalig",
    ]

    // MARK: - Ranges

    /// Words and dashes that join the two ends of a range, with their bytes for ``occurrences(of:in:)``.
    private static let rangeSeparators = [
        " to ", " bis ", " à ", " a ", " hasta ", " até ", " tot ", " - ", "–", "—", "-", "~", "～", "〜",
    ]
    .map { Array($0.utf8) }

    /// Splits at the first separator whose two sides are both amounts, one of them with a currency.
    private static func splitRange(_ raw: String, context: PriceContext) -> PriceRange? {
        // A range holds two numbers; most price texts hold one, and are spared the search.
        guard hasTwoNumbers(raw) else { return nil }
        let bytes = Array(raw.utf8)
        for separator in rangeSeparators {
            for offset in occurrences(of: separator, in: bytes) {
                let lowText = collapseWhitespace(String(decoding: bytes[..<offset], as: UTF8.self))
                guard let low = rangeEnd(lowText, context: context) else { continue }
                let highText = collapseWhitespace(String(decoding: bytes[(offset + separator.count)...], as: UTF8.self))
                guard let high = rangeEnd(highText, context: context), low.currency != nil || high.currency != nil,
                    low.currency != nil && high.currency != nil || low.amount! <= high.amount!
                else { continue }
                var highWithCurrency = high
                highWithCurrency.currency = high.currency ?? low.currency
                return PriceRange(low: inheritingTerms(of: low, from: high), high: highWithCurrency)
            }
        }
        return nil
    }

    /// One end of a range: an amount with no other number before it ("1-3 users: $10" is no range).
    private static func rangeEnd(_ text: String, context: PriceContext) -> Price? {
        guard let reading = single(text, context: context), reading.price.kind == .amount,
            reading.match.map({ !$0.prefix.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }) ?? true
        else { return nil }
        return reading.price
    }

    /// Whether the text has two runs of digits: ASCII ones, or the full-width and Arabic-Indic digits the
    /// scanner reads as ASCII (``PriceScanner/normalizedForScanning(_:)``), where a comma or dot of either
    /// kind continues a run.
    private static func hasTwoNumbers(_ raw: String) -> Bool {
        var runs = 0
        var inRun = false
        for byte in raw.utf8 {
            if byte >= 0x80 { return hasTwoNumbers(scalars: raw.unicodeScalars) }
            let isDigit = byte >= 0x30 && byte <= 0x39
            if isDigit && !inRun {
                runs += 1
                if runs == 2 { return true }
            }
            inRun = isDigit || (inRun && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".")))
        }
        return false
    }

    private static func hasTwoNumbers(scalars: String.UnicodeScalarView) -> Bool {
        var runs = 0
        var inRun = false
        for scalar in scalars {
            let value = scalar.value
            let isDigit =
                (0x30...0x39).contains(value) || (0xFF10...0xFF19).contains(value) || (0x0660...0x0669).contains(value)
                || (0x06F0...0x06F9).contains(value)
            if isDigit && !inRun {
                runs += 1
                if runs == 2 { return true }
            }
            let continuesRun = [0x2C, 0x2E, 0xFF0C, 0xFF0E, 0x066B, 0x066C].contains(value)
            inRun = isDigit || (inRun && continuesRun)
        }
        return false
    }

    /// Where `pattern` starts in `bytes`, letters of the pattern matched in either case.
    private static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard bytes.count >= pattern.count else { return [] }
        var found: [Int] = []
        for start in 0...(bytes.count - pattern.count) {
            var offset = 0
            while offset < pattern.count {
                let (byte, wanted) = (bytes[start + offset], pattern[offset])
                guard byte == wanted || (wanted >= 0x61 && wanted <= 0x7A && byte == wanted - 0x20) else { break }
                offset += 1
            }
            if offset == pattern.count { found.append(start) }
        }
        return found
    }

    /// "$4 to $500/usage": the low end's period and unit come from the high end when it states neither, and
    /// an end without a currency takes the other's ("5–10 €").
    private static func inheritingTerms(of price: Price, from other: Price) -> Price {
        var result = price
        if result.currency == nil { result.currency = other.currency }
        if price.period == nil, price.unit == nil {
            result.period = other.period
            result.unit = other.unit
        }
        return result
    }

    static func collapseWhitespace(_ text: String) -> String {
        text.collapsingWhitespace
    }
}

/// Text that holds no price or price range, such as "abc" given to ``PriceParser/parseRange(_:)``.
public struct PriceParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The text that could not be read.
    public let text: String

    /// Creates the error for `text`.
    public init(text: String) {
        self.text = text
    }

    /// Says what was found and what a price looks like.
    public var description: String {
        "no price or price range in \"\(text)\": expected an amount with a currency, such as \"$5\", "
            + "\"10 EUR\", \"$12.50/month\" or \"$4 to $500/usage\"; check the selector picks the price text"
    }
}
