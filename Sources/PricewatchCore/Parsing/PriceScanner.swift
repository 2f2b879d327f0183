import Foundation

/// Finds the first amount in a price text that has a currency mark beside it, and failing that the text's
/// first number, which a price field may hold bare.
///
/// Numbers without a currency ("30% off", "Version 2.1") are skipped as label text; a number that has a
/// currency but is not a well-formed amount ("$1.2.3") makes the whole text malformed rather than letting
/// a fragment of it pass as a price. The text is read on its UTF-8 bytes: every price of every page of
/// every run goes through here.
enum PriceScanner {
    struct Match: Equatable {
        var amount: Amount
        /// Nil for a bare number.
        var currency: String?
        /// The text before the price (its label, such as "From" or "月額").
        var prefix: String
        /// The text after the number and any currency after it, such as "/per second of video".
        var suffix: String
        /// Written with a multiplier: "$5M", "$1.5k".
        var hasMagnitude = false
        /// Marked only by a weak mark such as "R" or "lei".
        var weakCurrency = false
        /// Where the price (its sign and currency included) starts in the scanned bytes.
        var start = 0
    }

    enum Result: Equatable {
        case found(Match)
        /// The text's first number, with no currency beside it.
        case bare(Match)
        case malformed
        case none
    }

    static func firstPrice(in text: String) -> Result {
        // Every match starts at a digit: a text without one ("Contact sales", "無料プラン") holds none, and is
        // spared the normalisation.
        guard holdsDigit(text.utf8) else { return .none }
        var text = text
        if !text.utf8.allSatisfy({ $0 < 0x80 }) { text = normalizedForScanning(text) }
        return text.withUTF8 { scan($0) }
    }

    /// Whether the text holds a digit that the scan reads: an ASCII one, or one that
    /// ``normalizedForScanning(_:)`` turns into one (Arabic-Indic, Eastern Arabic-Indic, full-width).
    private static func holdsDigit(_ bytes: String.UTF8View) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 { return true }
            switch (previous.0, previous.1, byte) {
            case (_, 0xD9, 0xA0...0xA9), (_, 0xDB, 0xB0...0xB9), (0xEF, 0xBC, 0x90...0x99): return true
            default: previous = (previous.1, byte)
            }
        }
        return false
    }

    private static let (space, minus, dot, percent) = (
        UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "%")
    )

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, looksAhead: Bool = true) -> Result {
        var weakMatch: Match?
        var bareMatch: Match?
        var sawNumber = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let startsNumber =
                isDigit(byte)
                || (byte == dot && index + 1 < bytes.count && isDigit(bytes[index + 1])
                    && (index == 0 || !isDigit(bytes[index - 1])))
            guard startsNumber else {
                index += 1
                continue
            }
            defer { sawNumber = true }
            // The sign and currency before the number: "-$5", "$-5", "€ 10", "US$10".
            var priceStart = index
            var negative = false
            var before: CurrencyMarkers.Found?
            if priceStart > 0, bytes[priceStart - 1] == minus {
                // "$-5" has its sign after the mark, "-$5" and "- 5" before it.
                before = mark(endingBefore: priceStart - 1, in: bytes)
                if before != nil || isSignPosition(priceStart - 1, in: bytes) {
                    negative = true
                    priceStart -= 1
                }
            }
            if before == nil { before = mark(endingBefore: priceStart, in: bytes) }
            if let found = before {
                priceStart = found.start
                if !negative, priceStart > 0, bytes[priceStart - 1] == minus, isSignPosition(priceStart - 1, in: bytes)
                {
                    negative = true
                    priceStart -= 1
                }
            } else if index > 0,
                CurrencyMarkers.isLetter(bytes[index - 1])
                    || (bytes[index - 1] == minus && index > 1 && CurrencyMarkers.isLetter(bytes[index - 2]))
            {
                // Digits glued to letters are part of a name ("H100", "GPT-4", "x2"), not an amount.
                index = skipWord(from: index, in: bytes)
                continue
            }
            let number = PriceNumber.read(at: index, in: bytes) { centsEnd in
                before != nil || endsPrice(at: centsEnd, in: bytes)
            }
            var numberEnd = number.end
            var multiplier: Decimal?
            if let (factor, length) = magnitude(at: numberEnd, in: bytes) {
                multiplier = factor
                numberEnd += length
            }
            var afterStart = numberEnd
            while afterStart < bytes.count, bytes[afterStart] == space { afterStart += 1 }
            var after = CurrencyMarkers.marker(startingAt: afterStart, in: bytes, attached: afterStart == numberEnd)
            // A symbol followed by a number belongs to that number: "Tier 1 $5" is $5.
            if let mark = after, mark.isSymbol, isFollowedByNumber(mark.end, in: bytes) { after = nil }
            if after?.hundredths == true && before != nil { after = nil }
            // "720p", "1080p": a video resolution. Pence and cents of 100 or more are written in the main unit.
            if after?.hundredths == true, number.plain.prefix(while: { $0 != "." }).count >= 3 { after = nil }
            index = max(numberEnd, index + 1)
            if after == nil, afterStart < bytes.count, bytes[afterStart] == percent { continue }
            if after == nil, multiplier == nil, numberEnd < bytes.count, CurrencyMarkers.isLetter(bytes[numberEnd]) {
                // "10GB", "3rd": a quantity or an ordinal.
                index = skipWord(from: numberEnd, in: bytes)
                continue
            }
            let prefix = string(bytes, 0..<priceStart)
            // "$1.299 MXN", "¥99元": a code or mark after an ambiguous symbol says which currency it is.
            let mark = before.map { before in before.ambiguous ? after ?? before : before } ?? after
            let suffixStart = after?.end ?? numberEnd
            guard let mark else {
                if !sawNumber, !number.malformed,
                    let amount = amount(number.plain, negative: negative, multiplier: multiplier)
                {
                    bareMatch = Match(
                        amount: amount, prefix: prefix, suffix: string(bytes, suffixStart..<bytes.count),
                        hasMagnitude: multiplier != nil)
                }
                continue
            }
            guard !number.malformed, var amount = amount(number.plain, negative: negative, multiplier: multiplier)
            else {
                if mark.weak { continue }
                return .malformed
            }
            if mark.hundredths { amount = Amount(amount.value / 100) }
            let match = Match(
                amount: amount, currency: mark.currency, prefix: prefix, suffix: "", hasMagnitude: multiplier != nil,
                weakCurrency: mark.weak, start: priceStart)
            if !mark.weak {
                return .found(finished(match, suffixStart: suffixStart, in: bytes, looksAhead: looksAhead))
            }
            if weakMatch == nil {
                weakMatch = finished(match, suffixStart: suffixStart, in: bytes, looksAhead: looksAhead)
            }
        }
        if let weakMatch { return .found(weakMatch) }
        if let bareMatch { return .bare(bareMatch) }
        return .none
    }

    /// The match with its suffix: the rest of the text, cut before a next price ("$5/mo ($60/yr)" is $5 a
    /// month). After an old price ("Was $29.99 Now $19.99", "statt 49 € nur 29 €") the next price is the one.
    private static func finished(
        _ match: Match, suffixStart: Int, in bytes: UnsafeBufferPointer<UInt8>, looksAhead: Bool
    ) -> Match {
        var match = match
        var end = bytes.count
        if looksAhead, bytes[suffixStart...].contains(where: isDigit),
            case .found(let next) = scan(UnsafeBufferPointer(rebasing: bytes[suffixStart...]), looksAhead: false)
        {
            if isOldPriceLabel(match.prefix) { return next }
            end = suffixStart + next.start
        }
        match.suffix = string(bytes, suffixStart..<end)
        return match
    }

    /// Whether the label before a price marks it as the old one: "Was", "Reg.", "List price", "statt", "UVP".
    private static func isOldPriceLabel(_ prefix: String) -> Bool {
        guard !prefix.isEmpty else { return false }
        let words = prefix.lowercased().split { !$0.isLetter }.suffix(3)
        return words.contains { oldPriceWords.contains(String($0)) }
    }

    private static let oldPriceWords: Set<String> = [
        "was", "reg", "regular", "list", "msrp", "mrp", "rrp", "originally", "before", "statt", "uvp", "vorher",
        "normalpreis", "avant", "lieu", "antes", "era", "prima", "van", "voorheen", "定価", "通常価格", "参考価格",
    ]

    /// The amount, or nil when it has more significant digits than a `Decimal` holds (38).
    private static func amount(_ plain: String, negative: Bool, multiplier: Decimal?) -> Amount? {
        guard let amount = Amount((negative ? "-" : "") + plain) else { return nil }
        guard let multiplier else { return amount }
        return Amount(amount.value * multiplier)
    }

    /// The currency mark ending at `end`, spaces before `end` allowed.
    private static func mark(endingBefore end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> CurrencyMarkers.Found? {
        var markEnd = end
        while markEnd > 0, bytes[markEnd - 1] == space { markEnd -= 1 }
        return CurrencyMarkers.marker(endingAt: markEnd, in: bytes)
    }

    /// "-" is a sign at the start of the text or after a space or "(", not inside "5-10".
    private static func isSignPosition(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        index == 0 || bytes[index - 1] == space || bytes[index - 1] == UInt8(ascii: "(")
    }

    /// "5k", "1.5M", "2B", "3bn" written straight after the number and not running into a word.
    private static func magnitude(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Decimal, Int)? {
        guard index < bytes.count else { return nil }
        let factor: Decimal
        var length = 1
        switch bytes[index] {
        case UInt8(ascii: "k"), UInt8(ascii: "K"): factor = 1_000
        case UInt8(ascii: "M"): factor = 1_000_000
        case UInt8(ascii: "B"): factor = 1_000_000_000
        case UInt8(ascii: "b") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "n"):
            factor = 1_000_000_000
            length = 2
        default: return nil
        }
        if index + length < bytes.count, CurrencyMarkers.isWordByte(bytes[index + length]) { return nil }
        return (factor, length)
    }

    /// Whether split cents at `index` end the price: the text ends, or a currency, "/" or "*" follows.
    private static func endsPrice(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var next = index
        while next < bytes.count, bytes[next] == space { next += 1 }
        guard next < bytes.count else { return true }
        if bytes[next] == UInt8(ascii: "/") || bytes[next] == UInt8(ascii: "*") { return true }
        return CurrencyMarkers.marker(startingAt: next, in: bytes, attached: false) != nil
    }

    private static func isFollowedByNumber(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var next = index
        while next < bytes.count, bytes[next] == space || bytes[next] == minus { next += 1 }
        return next < bytes.count && isDigit(bytes[next])
    }

    private static func skipWord(from index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = index
        while end < bytes.count, CurrencyMarkers.isLetter(bytes[end]) || isDigit(bytes[end]) || bytes[end] == dot {
            end += 1
        }
        return max(end, index + 1)
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Full-width digits and punctuation ("９８０円", "（税込）"), the typographic minus and apostrophe and the
    /// wave dash written as their ASCII forms, so one byte reading serves every script.
    ///
    /// Each of those characters has one UTF-8 spelling, so they are replaced on the bytes; every other
    /// character is copied as it is.
    static func normalizedForScanning(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var normalized: [UInt8] = []
        normalized.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let (replacement, length) = asciiForm(at: index, in: bytes)
            if let replacement {
                normalized.append(replacement)
            } else {
                normalized.append(contentsOf: bytes[index..<index + length])
            }
            index += length
        }
        return String(decoding: normalized, as: UTF8.self)
    }

    /// The ASCII form of the character starting at `index`, if it has one, and the character's length in bytes.
    private static func asciiForm(at index: Int, in bytes: [UInt8]) -> (UInt8?, Int) {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard length > 1, index + length <= bytes.count else { return (nil, 1) }
        let second = bytes[index + 1]
        switch (lead, second) {
        // Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic digits (U+06F0–06F9), the Arabic decimal and
        // thousands separators (U+066B, U+066C).
        case (0xD9, 0xA0...0xA9): return (second - 0xA0 + 0x30, 2)
        case (0xDB, 0xB0...0xB9): return (second - 0xB0 + 0x30, 2)
        case (0xD9, 0xAB): return (UInt8(ascii: "."), 2)
        case (0xD9, 0xAC): return (UInt8(ascii: ","), 2)
        default: break
        }
        guard length == 3 else { return (nil, length) }
        let third = bytes[index + 2]
        switch (lead, second, third) {
        // Full-width forms U+FF01–FF5E: "！" to "～".
        case (0xEF, 0xBC, 0x81...0xBF): return (third - 0x60, 3)
        case (0xEF, 0xBD, 0x80...0x9E): return (third - 0x20, 3)
        case (0xE2, 0x88, 0x92), (0xE2, 0x80, 0x92): return (UInt8(ascii: "-"), 3)  // U+2212 minus, U+2012 figure dash
        case (0xE2, 0x80, 0x99), (0xE2, 0x80, 0xB2): return (UInt8(ascii: "'"), 3)  // U+2019, U+2032 prime
        case (0xE3, 0x80, 0x9C): return (UInt8(ascii: "~"), 3)  // U+301C wave dash
        default: return (nil, 3)
        }
    }
}
