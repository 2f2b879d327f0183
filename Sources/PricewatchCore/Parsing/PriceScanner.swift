/// Finds the first amount in a price text that has a currency marker beside it.
///
/// Numbers without a currency ("30% off", "Version 2.1") are skipped as label text; a number that has a
/// currency but is not a well-formed amount ("$1.2.3") makes the whole text malformed rather than letting
/// a fragment of it pass as a price.
enum PriceScanner {
    struct Match: Equatable {
        var amount: Amount
        var currency: String
        /// The text after the number and any currency after it, such as "/per second of video".
        var suffix: String
    }

    enum Result: Equatable {
        case found(Match)
        case malformed
        case none
    }

    /// Prefix symbols, longest first so "US$" wins over "$".
    private static let prefixSymbols: [(symbol: String, currency: String)] = [
        ("US$", "USD"), ("CA$", "CAD"), ("C$", "CAD"), ("A$", "AUD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"),
        ("¥", "JPY"), ("₹", "INR"),
    ]

    /// ISO 4217 codes recognised as whole words before or after a number.
    private static let isoCodes: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "INR", "SEK", "NOK", "DKK", "NZD", "SGD", "HKD",
        "BRL", "MXN", "KRW", "PLN",
    ]

    static func firstPrice(in text: String) -> Result {
        // Numbers are ASCII, so they are found on the UTF-8 view; the text around them stays as substrings.
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex {
            guard isDigit(utf8[index]) else {
                index = utf8.index(after: index)
                continue
            }
            let start = index
            while index < utf8.endIndex, isDigit(utf8[index]) || utf8[index] == comma || utf8[index] == dot {
                index = utf8.index(after: index)
            }
            // Trailing separators end the sentence, they are not part of the number ("costs $5.").
            var end = index
            while end > start, !isDigit(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
            let before = text[..<start]
            let after = text[end...]
            let currencyBefore = currency(endingText: before)
            let trailing = currency(startingText: after)
            guard let currency = currencyBefore ?? trailing?.currency else { continue }
            guard let amount = normalizedAmount(String(text[start..<end])).flatMap(Amount.init) else {
                return .malformed
            }
            // An ISO code may follow even when a symbol came first ("$10 USD/month"); drop it from the suffix.
            let suffix = String(trailing.map { after.dropFirst($0.length) } ?? after)
            return .found(Match(amount: amount, currency: currency, suffix: suffix))
        }
        return .none
    }

    private static let (comma, dot) = (UInt8(ascii: ","), UInt8(ascii: "."))

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The currency whose symbol or code ends `text` (spaces allowed before the number).
    private static func currency(endingText text: Substring) -> String? {
        text.utf8.allSatisfy { $0 < 0x80 } ? currency(endingASCII: Array(text.utf8)) : currency(endingCharacters: text)
    }

    static func currency(endingCharacters text: Substring) -> String? {
        let trimmed = text.trimmingTrailingSpaces
        for (symbol, currency) in prefixSymbols where trimmed.hasSuffix(symbol) {
            let rest = trimmed.dropLast(symbol.count)
            // "C$" must not be read inside "ABC$"; a letter before "$" other than a known prefix is ignored.
            if symbol.first?.isLetter == true, let previous = rest.last, previous.isLetter { continue }
            return currency
        }
        let word = trimmed.reversed().prefix { $0.isLetter }
        let code = String(word.reversed())
        return isoCodes.contains(code.uppercased()) && code.count == 3 ? code.uppercased() : nil
    }

    /// ``currency(endingText:)`` for ASCII text, where every character is one byte: most price texts, and
    /// reading them as `Character`s was a fifth of a price's parse.
    static func currency(endingASCII text: [UInt8]) -> String? {
        var end = text.endIndex
        while end > 0, text[end - 1] == space { end -= 1 }
        let trimmed = text[..<end]
        for (symbol, currency) in asciiPrefixSymbols where trimmed.reversed().starts(with: symbol.reversed()) {
            let rest = trimmed.dropLast(symbol.count)
            // "C$" must not be read inside "ABC$"; a letter before "$" other than a known prefix is ignored.
            if isLetter(symbol[0]), let previous = rest.last, isLetter(previous) { continue }
            return currency
        }
        let word = trimmed.reversed().prefix(while: isLetter)
        guard word.count == 3 else { return nil }
        let code = String(decoding: word.reversed().map { $0 & ~0x20 }, as: UTF8.self)
        return isoCodes.contains(code) ? code : nil
    }

    /// ``prefixSymbols`` that are ASCII, as bytes, in the same order.
    private static let asciiPrefixSymbols = prefixSymbols.filter { $0.symbol.utf8.allSatisfy { $0 < 0x80 } }
        .map { (symbol: Array($0.symbol.utf8), currency: $0.currency) }
    private static let space = UInt8(ascii: " ")

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// The currency at the start of `text` after a number, and how many characters it covers with the
    /// spaces before it. A symbol only counts when no other number follows it ("Tier 1 $5" is not 1 USD).
    private static func currency(startingText text: Substring) -> (currency: String, length: Int)? {
        text.utf8.allSatisfy { $0 < 0x80 }
            ? currency(startingASCII: Array(text.utf8)) : currency(startingCharacters: text)
    }

    static func currency(startingCharacters text: Substring) -> (currency: String, length: Int)? {
        let spaces = text.prefix { $0 == " " }.count
        let rest = text.dropFirst(spaces)
        for (symbol, currency) in prefixSymbols where rest.hasPrefix(symbol) {
            let afterSymbol = rest.dropFirst(symbol.count).drop { $0 == " " }
            if afterSymbol.first?.isNumber == true { return nil }
            return (currency, spaces + symbol.count)
        }
        let word = String(rest.prefix { $0.isLetter })
        guard word.count == 3, isoCodes.contains(word.uppercased()) else { return nil }
        return (word.uppercased(), spaces + 3)
    }

    /// ``currency(startingText:)`` for ASCII text, where every character is one byte.
    static func currency(startingASCII text: [UInt8]) -> (currency: String, length: Int)? {
        let spaces = text.prefix { $0 == space }.count
        let rest = text.dropFirst(spaces)
        for (symbol, currency) in asciiPrefixSymbols where rest.starts(with: symbol) {
            let afterSymbol = rest.dropFirst(symbol.count).drop { $0 == space }
            if let next = afterSymbol.first, isDigit(next) { return nil }
            return (currency, spaces + symbol.count)
        }
        let word = rest.prefix(while: isLetter)
        guard word.count == 3 else { return nil }
        let code = String(decoding: word.map { $0 & ~0x20 }, as: UTF8.self)
        return isoCodes.contains(code) ? (code, spaces + 3) : nil
    }

    /// Turns "1,299", "12,470", "0.084", "1.299,00" or "9,99" into a plain decimal; nil when the separators
    /// do not form a number ("1.2.3", "1,2,3").
    static func normalizedAmount(_ text: String) -> String? {
        let commas = text.filter { $0 == "," }.count
        let dots = text.filter { $0 == "." }.count
        switch (commas, dots) {
        case (0, 0):
            return text
        case (0, 1):
            return text
        case (1, 0) where text.split(separator: ",").last?.count != 3:
            // "9,99": a single comma not followed by three digits is a European decimal comma.
            return text.replacingOccurrences(of: ",", with: ".")
        case (_, 0):
            return groupedDigits(text, thousands: ",")
        case (0, _):
            return groupedDigits(text, thousands: ".")
        default:
            // Both separators: whichever comes last is the decimal point and must appear once.
            guard let last = text.last(where: { $0 == "," || $0 == "." }) else { return nil }
            let decimal: Character = last
            let thousands: Character = decimal == "," ? "." : ","
            guard text.filter({ $0 == decimal }).count == 1 else { return nil }
            let parts = text.split(separator: decimal, omittingEmptySubsequences: false)
            guard parts.count == 2, let whole = groupedDigits(String(parts[0]), thousands: thousands) else {
                return nil
            }
            return whole + "." + parts[1]
        }
    }

    /// Removes thousands separators after checking the groups: 1–3 digits, then exactly three per group.
    private static func groupedDigits(_ text: String, thousands: Character) -> String? {
        let groups = text.split(separator: thousands, omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        return groups.joined()
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: Substring {
        var result = self
        while result.last == " " { result = result.dropLast() }
        return result
    }
}
