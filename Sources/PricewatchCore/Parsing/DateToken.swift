/// A piece of date text: a run of digits, a run of letters, or one other visible character.
enum DateToken: Equatable {
    case number(String)
    case word(String)
    case symbol(Character)

    /// Splits text into tokens; whitespace only separates them.
    static func tokenize(_ text: String) -> [DateToken] {
        var tokens: [DateToken] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character.isASCII && character.isNumber {
                let end = text[index...].firstIndex { !($0.isASCII && $0.isNumber) } ?? text.endIndex
                tokens.append(.number(String(text[index..<end])))
                index = end
            } else if character.isLetter {
                let end = text[index...].firstIndex { !$0.isLetter } ?? text.endIndex
                tokens.append(.word(String(text[index..<end])))
                index = end
            } else {
                tokens.append(.symbol(character))
                index = text.index(after: index)
            }
        }
        return tokens
    }
}

/// Reads ``DateToken``s in order; each read either consumes a matching token or returns nil and stays put.
struct DateTokenCursor {
    let tokens: [DateToken]
    var index: Int

    /// English month names and abbreviations, lower-cased, to month numbers.
    private static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    private static let ordinalSuffixes: Set<String> = ["st", "nd", "rd", "th"]

    mutating func number(digits: ClosedRange<Int>) -> Int? {
        guard index < tokens.count, case .number(let text) = tokens[index], digits.contains(text.count) else {
            return nil
        }
        index += 1
        return Int(text)
    }

    /// A day of the month with an optional ordinal suffix: `5`, `30th`.
    mutating func dayNumber() -> Int? {
        guard let day = number(digits: 1...2) else { return nil }
        _ = word(in: Self.ordinalSuffixes)
        return day
    }

    mutating func monthName() -> Int? {
        guard index < tokens.count, case .word(let text) = tokens[index], let month = Self.months[text.lowercased()]
        else { return nil }
        index += 1
        return month
    }

    mutating func word(in words: Set<String>) -> String? {
        guard index < tokens.count, case .word(let text) = tokens[index], words.contains(text.lowercased()) else {
            return nil
        }
        index += 1
        return text
    }

    mutating func symbol(in symbols: String) -> Character? {
        guard index < tokens.count, case .symbol(let character) = tokens[index], symbols.contains(character) else {
            return nil
        }
        index += 1
        return character
    }
}
