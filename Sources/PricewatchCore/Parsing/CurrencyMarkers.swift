/// The currency symbols, ISO codes and local abbreviations that mark a number as a price, matched on the
/// UTF-8 bytes of a price text before or after its number.
///
/// Ambiguous marks get the currency most pricing pages mean by them: `$` is USD (`CA$`, `A$`, `R$`, `MX$`,
/// ... name the others), `¥` and `￥` are JPY (`元`, `CN¥` and `RMB` are CNY), `kr` is SEK (`NOK`, `DKK`
/// and `ISK` name the others), `Rs` is INR. docs/formats.md lists them.
enum CurrencyMarkers {
    struct Marker {
        let bytes: [UInt8]
        let currency: String
        /// A weak mark ("R", "Fr.", "lei") counts only when no strong one ("$", "€", "EUR") marks a number.
        let weak: Bool
        /// 0.01 for "99p" and "99¢": the amount is in the currency's hundredths.
        let hundredths: Bool
        /// Whether the mark is a word that must not run into letters ("kr", "RM", "Kč"), not a symbol.
        let isWord: Bool
        /// A symbol's mark claims no number that follows it, "Tier 1 $5" is $5 (only words are checked
        /// against following letters).
        let onlyBefore: Bool
        let onlyAfter: Bool
        /// "$", "¥" and "kr", which several currencies write.
        let ambiguous: Bool
    }

    /// Marks written before or after the amount, with their currency.
    private static let symbols: [(String, String)] = [
        ("$", "USD"), ("US$", "USD"), ("U$S", "USD"), ("USD$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"),
        ("￥", "JPY"), ("JP¥", "JPY"), ("CN¥", "CNY"), ("元", "CNY"), ("₹", "INR"), ("₩", "KRW"), ("원", "KRW"),
        ("₪", "ILS"), ("₺", "TRY"), ("₽", "RUB"), ("₫", "VND"), ("₱", "PHP"), ("฿", "THB"), ("₴", "UAH"),
        ("₦", "NGN"), ("₡", "CRC"), ("₲", "PYG"), ("₸", "KZT"), ("₾", "GEL"), ("₼", "AZN"), ("৳", "BDT"),
        ("₭", "LAK"), ("円", "JPY"), ("CA$", "CAD"), ("C$", "CAD"), ("CAD$", "CAD"), ("A$", "AUD"), ("AU$", "AUD"),
        ("NZ$", "NZD"), ("HK$", "HKD"), ("S$", "SGD"), ("SG$", "SGD"), ("R$", "BRL"), ("MX$", "MXN"),
        ("NT$", "TWD"), ("RD$", "DOP"), ("$CA", "CAD"), ("$ CA", "CAD"), ("$US", "USD"), ("$ US", "USD"),
    ]

    /// Local abbreviations and currency words: they must stand apart from other letters.
    private static let words: [(String, String)] = [
        ("kr", "SEK"), ("kr.", "SEK"), ("Kr", "SEK"), ("Kr.", "SEK"), ("zł", "PLN"), ("zl", "PLN"), ("Kč", "CZK"),
        ("руб", "RUB"), ("руб.", "RUB"), ("р.", "RUB"), ("рублей", "RUB"), ("грн", "UAH"), ("лв", "BGN"),
        ("лв.", "BGN"), ("Ft", "HUF"), ("RM", "MYR"), ("Rp", "IDR"), ("Rp.", "IDR"), ("Rs", "INR"),
        ("Rs.", "INR"), ("TL", "TRY"), ("đ", "VND"), ("Br", "BYN"), ("Euro", "EUR"), ("euro", "EUR"),
        ("Euros", "EUR"), ("euros", "EUR"), ("dollars", "USD"), ("Dollars", "USD"), ("yen", "JPY"),
        ("Yen", "JPY"), ("CHF", "CHF"), ("SFr.", "CHF"), ("zł.", "PLN"), ("บาท", "THB"), ("VNĐ", "VND"),
        ("vnđ", "VND"), ("Lei", "RON"), ("人民币", "CNY"), ("Zł", "PLN"), ("KČ", "CZK"), ("Kc", "CZK"), ("din", "RSD"),
        ("дин", "RSD"), ("тг", "KZT"), ("сом", "KGS"), ("ريال", "SAR"), ("درهم", "AED"),
        ("ر.س", "SAR"), ("د.إ", "AED"), ("ج.م", "EGP"), ("ден", "MKD"), ("kn", "HRK"),
    ]

    /// Marks that also occur as ordinary words or letters ("R2 storage", "Fr. 20"): used only when nothing
    /// stronger marks a number in the same text.
    private static let weakWords: [(String, String, before: Bool)] = [
        ("R", "ZAR", true), ("Fr.", "CHF", true), ("lei", "RON", false), ("S/", "PEN", true), ("S/.", "PEN", true),
    ]

    /// Hundredths written after the number: "99p", "50¢".
    private static let hundredths: [(String, String)] = [("p", "GBP"), ("¢", "USD")]

    /// ISO 4217 codes recognised in capitals; those also listed in ``lowerCaseCodes`` in any case. Codes
    /// that are common capitalised words ("ALL", "TOP", "CUP", "MAD") are left out.
    private static let codes: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "INR", "KRW", "ILS", "TRY", "RUB", "BRL", "MXN", "CAD", "AUD",
        "NZD", "CHF", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "HRK", "UAH", "BYN", "KZT",
        "HKD", "SGD", "TWD", "THB", "VND", "PHP", "IDR", "MYR", "PKR", "BDT", "LKR", "NPR", "AED", "SAR", "QAR",
        "KWD", "BHD", "OMR", "JOD", "EGP", "ZAR", "NGN", "KES", "GHS", "ARS", "CLP", "COP", "PEN", "UYU", "BOB",
        "PYG", "CRC", "GTQ", "DOP", "RSD", "GEL", "AMD", "AZN",
    ]
    private static let lowerCaseCodes: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "BRL", "MXN",
        "CZK", "HUF",
    ]

    private static let allMarkers: [Marker] = {
        var markers: [Marker] = []
        func add(
            _ text: String, _ currency: String, weak: Bool = false, cents: Bool = false, word: Bool,
            before: Bool = false, after: Bool = false
        ) {
            markers.append(
                Marker(
                    bytes: Array(text.utf8), currency: currency, weak: weak, hundredths: cents, isWord: word,
                    onlyBefore: before, onlyAfter: after,
                    ambiguous: ["$", "¥", "￥", "kr", "kr.", "Kr", "Kr."].contains(text)))
        }
        for (text, currency) in symbols { add(text, currency, word: text.utf8.first.map(isLetter) ?? false) }
        for (text, currency) in words { add(text, currency, word: true) }
        for (text, currency, before) in weakWords {
            add(text, currency, weak: true, word: true, before: before, after: !before)
        }
        for (text, currency) in hundredths { add(text, currency, cents: true, word: true, after: true) }
        // Longest first, so "US$" wins over "$" and "kr." over "kr".
        return markers.sorted { $0.bytes.count > $1.bytes.count }
    }()

    /// Markers by their last byte, for matching backwards from a number.
    private static let byLastByte: [[Marker]] = table(allMarkers.filter { !$0.onlyAfter }) { $0.bytes.last! }
    /// Markers by their first byte, for matching forwards from a number.
    private static let byFirstByte: [[Marker]] = table(allMarkers.filter { !$0.onlyBefore }) { $0.bytes.first! }

    /// The markers indexed by one of their bytes, longest first in each slot: an array lookup per number.
    private static func table(_ markers: [Marker], by byte: (Marker) -> UInt8) -> [[Marker]] {
        var table = [[Marker]](repeating: [], count: 256)
        for marker in markers { table[Int(byte(marker))].append(marker) }
        return table
    }

    /// A currency found beside a number: which, and the byte range it covers.
    struct Found {
        let currency: String
        let start: Int
        let end: Int
        let weak: Bool
        let hundredths: Bool
        let isSymbol: Bool
        /// "$", "¥" and "kr", which several currencies write.
        var ambiguous = false
    }

    /// The mark ending exactly at `end` (spaces before `end` are the caller's to skip).
    static func marker(endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Found? {
        guard end > 0 else { return nil }
        for marker in byLastByte[Int(bytes[end - 1])] where marker.bytes.count <= end {
            let start = end - marker.bytes.count
            guard matches(marker.bytes, at: start, in: bytes) else { continue }
            if marker.isWord, start > 0, isWordByte(bytes[start - 1]) { continue }
            // "C$" must not be read inside "ABC$": a letter before a letter-led symbol falls to "$".
            if !marker.isWord, isLetter(marker.bytes[0]), start > 0, isLetter(bytes[start - 1]) { continue }
            return Found(
                currency: marker.currency, start: start, end: end, weak: marker.weak, hundredths: false,
                isSymbol: !marker.isWord, ambiguous: marker.ambiguous)
        }
        return code(endingAt: end, in: bytes)
    }

    /// The mark starting exactly at `start`, directly after a number or the spaces after it.
    static func marker(startingAt start: Int, in bytes: UnsafeBufferPointer<UInt8>, attached: Bool) -> Found? {
        guard start < bytes.count else { return nil }
        for marker in byFirstByte[Int(bytes[start])] where start + marker.bytes.count <= bytes.count {
            guard matches(marker.bytes, at: start, in: bytes) else { continue }
            let end = start + marker.bytes.count
            if marker.isWord || isLetter(marker.bytes[marker.bytes.count - 1]),
                end < bytes.count, isWordByte(bytes[end]), marker.bytes.last != UInt8(ascii: ".")
            {
                continue
            }
            if marker.hundredths && !attached { continue }
            return Found(
                currency: marker.currency, start: start, end: end, weak: marker.weak,
                hundredths: marker.hundredths, isSymbol: !marker.isWord)
        }
        return code(startingAt: start, in: bytes)
    }

    private static func matches(_ pattern: [UInt8], at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        while offset < pattern.count {
            if bytes[start + offset] != pattern[offset] { return false }
            offset += 1
        }
        return true
    }

    private static func code(endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Found? {
        guard end >= 3, isLetter(bytes[end - 1]), isLetter(bytes[end - 2]), isLetter(bytes[end - 3]) else { return nil }
        if end > 3, isWordByte(bytes[end - 4]) { return nil }
        return code(at: end - 3, in: bytes)
    }

    private static func code(startingAt start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Found? {
        guard start + 3 <= bytes.count, isLetter(bytes[start]), isLetter(bytes[start + 1]), isLetter(bytes[start + 2])
        else { return nil }
        if start + 3 < bytes.count, isWordByte(bytes[start + 3]) { return nil }
        return code(at: start, in: bytes)
    }

    private static func code(at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Found? {
        let letters = [bytes[start], bytes[start + 1], bytes[start + 2]]
        let upper = String(decoding: letters.map { $0 & ~0x20 }, as: UTF8.self)
        let isCapitals = letters.allSatisfy { $0 < 0x61 }
        guard isCapitals ? codes.contains(upper) : lowerCaseCodes.contains(upper) else { return nil }
        // "RMB" is the common name of the yuan; the code is CNY.
        return Found(
            currency: upper == "RMB" ? "CNY" : upper, start: start, end: start + 3, weak: false,
            hundredths: false, isSymbol: false)
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// An ASCII letter or digit, or any byte of a non-ASCII character (most of which, next to a mark, are
    /// letters of the same word: "Kčs", "złoty").
    static func isWordByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39)
            || (byte >= 0x80 && byte != 0xC2 && byte != 0xE2 && byte != 0xE3 && byte != 0xEF)
    }
}
