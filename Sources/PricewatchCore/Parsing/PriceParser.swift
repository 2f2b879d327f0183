/// Reads prices as pricing pages write them ("$1,299/mo", "10 EUR", "$0.08/per second of video", "Contact
/// sales") into ``Price`` values, and ranges ("$4 to $500/usage") into ``PriceRange``s.
///
/// A price needs a currency next to its number (`$`, `US$`, `€`, `£`, `¥`, or an ISO code before or after);
/// a bare number such as "12 monthly credits" or "Version 2.1" is not one. Text before the price is treated
/// as a label and skipped ("From $5", "Monthly Price: $9.99", "~$0.0033"); the billing period and usage
/// unit are read from the text after it.
public enum PriceParser {
    /// Parses one price; never fails, so unrecognised text comes back as `.unknown` with `raw` kept.
    ///
    /// "Free" gives `.free` with no amount, "$0" gives `.amount` with amount 0, "Custom" gives `.custom`,
    /// "Contact sales"/"Contact us" give `.contactSales`. A range gives its low end, with the whole text
    /// as `raw`.
    ///
    /// - Parameter text: The price text from the page.
    /// - Returns: The price; `raw` is `text` with whitespace collapsed.
    public static func parse(_ text: String) -> Price {
        let raw = collapseWhitespace(text)
        if let range = splitRange(raw) {
            var low = range.low
            low.raw = raw
            return low
        }
        return parseSingle(raw)
    }

    /// Parses a price range such as "$4 to $500/usage", "$5 - $10" or "$5–$10/mo"; a single price gives a
    /// range whose low and high are the same.
    ///
    /// When the low end names no period or unit, it takes the high end's ("$4 to $500/usage" is $4/usage).
    ///
    /// - Parameter text: The range text from the page.
    /// - Throws: ``PriceParseError`` when the text holds neither a range nor a single price.
    /// - Returns: The low and high prices.
    public static func parseRange(_ text: String) throws(PriceParseError) -> PriceRange {
        let raw = collapseWhitespace(text)
        if let range = splitRange(raw) { return range }
        let single = parseSingle(raw)
        guard single.kind == .amount else { throw PriceParseError(text: text) }
        return PriceRange(low: single, high: single)
    }

    // MARK: - Ranges

    /// Words and dashes that join the two ends of a range, with their bytes for ``mayContain(_:in:)``.
    private static let rangeSeparators = [" to ", " - ", "–", "—", "-"].map { (text: $0, bytes: Array($0.utf8)) }

    /// Splits at the first separator whose two sides both parse as amounts.
    private static func splitRange(_ raw: String) -> PriceRange? {
        var text = raw
        let candidates = text.withUTF8 { bytes in rangeSeparators.filter { mayContain($0.bytes, in: bytes) } }
        for (separator, _) in candidates {
            var searchStart = raw.startIndex
            while let found = raw.range(of: separator, options: [.caseInsensitive], range: searchStart..<raw.endIndex) {
                searchStart = found.upperBound
                let low = parseSingle(collapseWhitespace(String(raw[..<found.lowerBound])))
                let high = parseSingle(collapseWhitespace(String(raw[found.upperBound...])))
                guard low.kind == .amount, high.kind == .amount else { continue }
                return PriceRange(low: inheritingTerms(of: low, from: high), high: high)
            }
        }
        return nil
    }

    /// Whether `raw` can hold `separator` at all, checked on its bytes (" to " in any case): most prices hold
    /// no separator, and the case-insensitive Foundation search below costs more than the rest of a parse.
    private static func mayContain(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= pattern.count else { return false }
        var start = 0
        while start <= bytes.count - pattern.count {
            var offset = 0
            while offset < pattern.count {
                let (byte, wanted) = (bytes[start + offset], pattern[offset])
                guard byte == wanted || (wanted >= 0x61 && wanted <= 0x7A && byte == wanted - 0x20) else { break }
                offset += 1
            }
            if offset == pattern.count { return true }
            start += 1
        }
        return false
    }

    /// "$4 to $500/usage": the low end's period and unit come from the high end when it states neither.
    private static func inheritingTerms(of low: Price, from high: Price) -> Price {
        guard low.period == nil, low.unit == nil else { return low }
        var result = low
        result.period = high.period
        result.unit = high.unit
        return result
    }

    // MARK: - Single prices

    private static func parseSingle(_ raw: String) -> Price {
        switch PriceScanner.firstPrice(in: raw) {
        case .found(let match):
            let terms = PriceTerms(suffix: match.suffix)
            return Price(
                raw: raw, kind: .amount, amount: match.amount, currency: match.currency, period: terms.period,
                unit: terms.unit)
        case .malformed:
            return Price(raw: raw, kind: .unknown)
        case .none:
            return Price(raw: raw, kind: keywordKind(raw))
        }
    }

    /// Classifies text without an amount by its words: "Free", "Custom", "Contact sales".
    private static func keywordKind(_ raw: String) -> Price.Kind {
        let lower = raw.lowercased()
        // ASCII text is split on its bytes: `Character` properties cost most of reading "Custom".
        let words =
            lower.utf8.allSatisfy({ $0 < 0x80 })
            ? lower.utf8.split(whereSeparator: { $0 < UInt8(ascii: "a") || $0 > UInt8(ascii: "z") }).map {
                String(decoding: $0, as: UTF8.self)
            }
            : lower.split { !$0.isLetter }.map(String.init)
        if words.contains("custom") { return .custom }
        if words.contains("contact") || lower.contains("talk to sales") { return .contactSales }
        // "No free tier available" says the opposite of free.
        if words.contains("free"), !words.contains(where: negations.contains) { return .free }
        return .unknown
    }

    private static let negations: Set<String> = ["no", "not", "without", "none"]

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
