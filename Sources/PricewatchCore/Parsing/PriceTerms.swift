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

    /// Brackets and separators that only group words.
    private static let punctuation: Set<Unicode.Scalar> = ["(", ")", "[", "]", ",", ";", ":"]

    /// Segments with brackets, edge punctuation and introducing words removed, in the page's own case.
    private static func segments(of suffix: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for scalar in suffix.unicodeScalars {
            cleaned.append(punctuation.contains(scalar) ? " " : scalar)
        }
        return String(cleaned).split(separator: "/").flatMap { (part: Substring) -> [String] in
            var segments: [String] = []
            var current: [String] = []
            for word in part.split(separator: " ") where word != "." {
                if introducingWords.contains(word.lowercased()) {
                    if !current.isEmpty { segments.append(current.joined(separator: " ")) }
                    current = []
                } else {
                    current.append(String(word.hasSuffix(".") ? word.dropLast() : word))
                }
            }
            if !current.isEmpty { segments.append(current.joined(separator: " ")) }
            return segments
        }
    }
}
