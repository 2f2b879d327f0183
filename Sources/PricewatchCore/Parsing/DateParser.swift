/// Finds the date in text such as "Last verified: May 28, 2026" and returns it as `YYYY-MM-DD`.
///
/// A small deterministic parser (no locale guessing) for the forms pricing pages use: `2026-05-28`
/// (also inside `2026-05-28T10:00:00Z`), `2026/05/28`, `May 30, 2026`, `May 30th 2026`, `Sept 5, 2026`,
/// `30 May 2026`, `30th of May, 2026`. English month names, full or abbreviated, in any case.
public enum DateParser {
    /// Returns the first date in `text` as `YYYY-MM-DD`.
    ///
    /// - Parameter text: Text holding a date, possibly with words around it.
    /// - Throws: ``DateParseError`` when the text holds no date, or when the first date is not on the
    ///   calendar (`February 30, 2026`, `2026-13-01`).
    /// - Returns: The ISO 8601 calendar date.
    public static func parse(_ text: String) throws(DateParseError) -> String {
        let tokens = DateToken.tokenize(text)
        for start in tokens.indices {
            guard let date = isoDate(tokens, start) ?? monthFirstDate(tokens, start) ?? dayFirstDate(tokens, start)
            else { continue }
            guard date.isOnCalendar else { throw DateParseError(text: text, impossible: date.iso) }
            return date.iso
        }
        throw DateParseError(text: text, impossible: nil)
    }

    private struct CalendarDate {
        var year: Int
        var month: Int
        var day: Int

        var iso: String {
            func padded(_ value: Int, _ width: Int) -> String {
                String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
            }
            return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
        }

        var isOnCalendar: Bool {
            guard (1...12).contains(month) else { return false }
            let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            return (1...lengths[month - 1]).contains(day)
        }
    }

    /// `2026-05-28` or `2026/05/28`, both separators the same.
    private static func isoDate(_ tokens: [DateToken], _ start: Int) -> CalendarDate? {
        var cursor = DateTokenCursor(tokens: tokens, index: start)
        guard let year = cursor.number(digits: 4...4), let separator = cursor.symbol(in: "-/"),
            let month = cursor.number(digits: 1...2), cursor.symbol(in: String(separator)) != nil,
            let day = cursor.number(digits: 1...2)
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `May 30, 2026`, `May 30th 2026`, `Sept. 5, 2026`.
    private static func monthFirstDate(_ tokens: [DateToken], _ start: Int) -> CalendarDate? {
        var cursor = DateTokenCursor(tokens: tokens, index: start)
        guard let month = cursor.monthName() else { return nil }
        _ = cursor.symbol(in: ".")
        guard let day = cursor.dayNumber() else { return nil }
        _ = cursor.symbol(in: ",")
        guard let year = cursor.number(digits: 4...4) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `30 May 2026`, `30th May 2026`, `30th of May, 2026`.
    private static func dayFirstDate(_ tokens: [DateToken], _ start: Int) -> CalendarDate? {
        var cursor = DateTokenCursor(tokens: tokens, index: start)
        guard let day = cursor.dayNumber() else { return nil }
        _ = cursor.word(in: ["of"])
        guard let month = cursor.monthName() else { return nil }
        _ = cursor.symbol(in: ".")
        _ = cursor.symbol(in: ",")
        guard let year = cursor.number(digits: 4...4) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}

/// Text without a date, or with a date that is not on the calendar.
public struct DateParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The text that was searched.
    public let text: String
    /// The impossible date as read, `YYYY-MM-DD`, or nil when no date was found at all.
    public let impossibleDate: String?

    init(text: String, impossible: String?) {
        self.text = text
        self.impossibleDate = impossible
    }

    /// Says what was wrong and which forms are understood.
    public var description: String {
        if let impossibleDate {
            return "\"\(text)\" holds a date that is not on the calendar (\(impossibleDate)): check the day and month"
        }
        return "no date in \"\(text)\": expected a date such as 2026-05-28, May 30, 2026 or 30 May 2026; "
            + "check the selector picks the date text"
    }
}
