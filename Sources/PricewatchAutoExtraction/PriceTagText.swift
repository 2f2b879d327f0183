import PricewatchCore

/// Decides whether a short text on a page is a plan's price tag, through the one price parser that rules
/// use (``PriceParser/read(_:context:)`` with page-text strictness: "$5M saved", "30% off" and "14-day free
/// trial" are not prices there).
///
/// A rule's author points at the price; here every short text of the page is a suspect, so a text counts only
/// when it reads like a price tag: short, the amount first (after at most a short label such as "From" or
/// "月額") and with a currency, or a short wording of free, custom or contact sales.
enum PriceTagText {
    /// Texts longer than this are sentences that mention a price, not price tags.
    static let longestTag = 48

    /// Whether a text can be a price tag at all, decided on its bytes before the parser reads its words: a
    /// digit with a currency-like mark (a symbol, a non-ASCII sign, an upper-case code, "kr"), or a short
    /// phrase ("Free", "Contact sales", "Auf Anfrage"). Most of a page's texts are neither ("10 projects",
    /// "Email support"), and the parser's reading of words costs far more than this look.
    static func mayBePrice(_ text: String) -> Bool { mayBePrice(bytes: text.utf8) }

    /// ``mayBePrice(_:)`` on UTF-8 bytes, so that most of a page's texts are passed over without becoming
    /// strings.
    static func mayBePrice(bytes: some Collection<UInt8>) -> Bool {
        let short = bytes.count <= 60 && bytes.count(where: { $0 == 0x20 }) <= 3
        guard bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return short }
        var previousUpper = false
        // A non-ASCII character may be a currency mark ("€", "円", "zł"), unless it is a symbol that is no
        // currency sign ("✓ 10 PDFs", "3 × 5 GB", "– 10 users"): its scalar is put together from its bytes.
        var (value, pending): (UInt32, Int) = (0, 0)
        for byte in bytes {
            if pending > 0 {
                value = value << 6 | UInt32(byte & 0x3F)
                pending -= 1
                if pending == 0, !isNoCurrencySymbol(value) { return true }
                continue
            }
            switch byte {
            case 0xC0...0xDF: (value, pending) = (UInt32(byte & 0x1F), 1)
            case 0xE0...0xEF: (value, pending) = (UInt32(byte & 0x0F), 2)
            case 0xF0...0xF7: (value, pending) = (UInt32(byte & 0x07), 3)
            case 0x80...: return true
            case UInt8(ascii: "$"): return true
            default:
                let upper = byte >= 0x41 && byte <= 0x5A
                if upper && previousUpper { return true }
                previousUpper = upper
                continue
            }
            previousUpper = false
        }
        if pending > 0 { return true }
        // Folding ASCII case lower-cases the codes' letters; other bytes are symbols' and match none.
        let ascii = Array(bytes)
        return ["kr", "zl", "rs", "eur", "usd", "chf", "lei", "ft"].contains(where: ascii.holds(foldingCase:))
    }

    /// A caseless symbol (``Unicode/Scalar/isCaselessSymbol``) that no price uses as its currency: the symbols
    /// ¢ £ ¤ ¥ and the currency signs U+20A0–20C0 are marks.
    private static func isNoCurrencySymbol(_ value: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(value), scalar.isCaselessSymbol else { return false }
        return !(0xA2...0xA5).contains(value) && !(0x20A0...0x20C0).contains(value)
    }

    /// The price a text states, or nil when it is not a price tag.
    static func price(in text: String) -> Price? {
        guard !text.isEmpty, text.utf8.count <= longestTag * 4 else { return nil }
        let count = text.count
        guard count <= longestTag, let reading = PriceParser.read(text, context: .pageText), reading.confidence >= 0.5
        else { return nil }
        let price = reading.price
        if price.kind == .amount {
            guard price.currency != nil, (price.amount?.value ?? -1) >= 0, labelLength(before: text) <= 12 else {
                return nil
            }
        } else if count > 30 {
            return nil
        }
        return price
    }

    /// The letters before the amount, leaving out the currency right before it: "From $5" has 4.
    static func labelLength(before text: String) -> Int {
        // Most tags are ASCII, where a character is a byte, or ASCII with symbols that are no letter, number or
        // space ("₹999 /mo", "✓ $5"): counted on the bytes, without grapheme breaking.
        if text.utf8.allSatisfy({ $0 < 0x80 })
            || text.unicodeScalars.allSatisfy({ $0.isASCII || $0.isCaselessSymbol })
        {
            return asciiLabelLength(before: Array(text.utf8))
        }
        guard let firstDigit = text.firstIndex(where: \.isNumber) else { return 0 }
        var label = text[..<firstDigit]
        // A currency code or symbol before the number is part of the price, not of its label.
        while let last = label.last, !last.isWhitespace, !last.isLetter || label.hasSuffix("R$") {
            label = label.dropLast()
        }
        let trimmed = label.trimmingSpaces
        for code in ["USD", "EUR", "GBP", "CHF", "INR", "JPY", "CAD", "AUD", "US", "R", "Rs", "kr", "zł", "Kč"]
        where trimmed.hasSuffix(code) {
            label = trimmed.dropLast(code.count)
            break
        }
        return label.filter(\.isLetter).count
    }

    private static let asciiCodes = ["USD", "EUR", "GBP", "CHF", "INR", "JPY", "CAD", "AUD", "US", "R", "Rs", "kr"]
        .map { Array($0.utf8) }

    /// ``labelLength(before:)`` of an ASCII text, on its bytes.
    private static func asciiLabelLength(before bytes: [UInt8]) -> Int {
        let isSpace = ASCIIBytes.isSpace
        guard let firstDigit = bytes.firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return 0 }
        var label = bytes[..<firstDigit]
        // A currency code or symbol before the number is part of the price, not of its label.
        while let last = label.last, !isSpace(last), !ASCIIBytes.isLetter(last) { label = label.dropLast() }
        var trimmed = label
        while let last = trimmed.last, isSpace(last) { trimmed = trimmed.dropLast() }
        while let first = trimmed.first, isSpace(first) { trimmed = trimmed.dropFirst() }
        if let code = asciiCodes.first(where: {
            trimmed.count >= $0.count && trimmed.suffix($0.count).elementsEqual($0)
        }) {
            label = trimmed.dropLast(code.count)
        }
        return label.count(where: ASCIIBytes.isLetter)
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
