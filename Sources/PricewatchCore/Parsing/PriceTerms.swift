/// The billing period and usage unit written after an amount: "/mo", " per user/month",
/// "/per image / per second", " monthly", "/per second of video".
///
/// The suffix is cut into segments at "/" and at the word "per"; a segment naming a period ("mo",
/// "monthly", "annually", "hr", ...) sets the period, the others, joined with " / ", form the unit.
struct PriceTerms: Equatable {
    var period: String?
    var unit: String?

    /// Spellings of each billing period, as whole segments after "per", "a", "billed" are dropped.
    private static let periodWords: [String: String] = [
        "mo": "month", "mos": "month", "mth": "month", "month": "month", "months": "month", "monthly": "month",
        "yr": "year", "yrs": "year", "year": "year", "years": "year", "yearly": "year", "annually": "year",
        "annual": "year", "annum": "year",
        "wk": "week", "week": "week", "weeks": "week", "weekly": "week",
        "day": "day", "days": "day", "daily": "day",
        "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour", "hourly": "hour",
    ]

    /// Leading words that only introduce a segment: "per month", "a month", "billed annually".
    private static let introducingWords: Set<String> = ["per", "a", "an", "each", "every", "billed"]

    init(suffix: String) {
        var units: [String] = []
        // A segment of bare symbols, such as the "+" of "$200+", names no unit.
        for segment in Self.segments(of: suffix) where segment.contains(where: { $0.isLetter || $0.isNumber }) {
            if let period = Self.periodWords[segment.lowercased()] {
                if self.period == nil { self.period = period }
            } else {
                units.append(segment)
            }
        }
        unit = units.isEmpty ? nil : units.joined(separator: " / ")
    }

    /// Brackets and separators that only group words; like "/" and " ", all ASCII, so the suffix is cut
    /// on its UTF-8 bytes (a price is read on every page of every run, and cutting `Character`s cost a
    /// quarter of it).
    private static let punctuation: Set<UInt8> = Set("()[],;:".utf8)
    private static let (slash, space, dot) = (UInt8(ascii: "/"), UInt8(ascii: " "), UInt8(ascii: "."))

    /// Segments with brackets, edge punctuation and introducing words removed, in the page's own case.
    private static func segments(of suffix: String) -> [String] {
        var segments: [String] = []
        for part in suffix.utf8.split(separator: slash) {
            var current: [Substring.UTF8View.SubSequence] = []
            let words = part.split { $0 == space || punctuation.contains($0) }
            for word in words where !word.elementsEqual([dot]) {
                if isIntroducing(word) {
                    if !current.isEmpty { segments.append(joined(current)) }
                    current = []
                } else {
                    current.append(word.last == dot ? word.dropLast() : word)
                }
            }
            if !current.isEmpty { segments.append(joined(current)) }
        }
        return segments
    }

    private static let introducingBytes = introducingWords.map { Array($0.utf8) }

    /// Whether a word is one of ``introducingWords``, in any case: they are lower-case ASCII letters, which
    /// a byte matches when it is the letter or its upper case (`byte | 0x20`), compared without building a
    /// string for every word of every price.
    private static func isIntroducing(_ word: Substring.UTF8View.SubSequence) -> Bool {
        guard word.count <= 6 else { return false }
        return introducingBytes.contains { candidate in
            candidate.count == word.count && zip(candidate, word).allSatisfy { $0 == $1 | 0x20 }
        }
    }

    private static func joined(_ words: [Substring.UTF8View.SubSequence]) -> String {
        var bytes: [UInt8] = []
        for (index, word) in words.enumerated() {
            if index > 0 { bytes.append(space) }
            bytes.append(contentsOf: word)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
