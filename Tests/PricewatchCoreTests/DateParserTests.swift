import Testing

@testable import PricewatchCore

private let readableDates: [(text: String, iso: String)] = [
    ("2026-05-28", "2026-05-28"),
    ("2026-05-28T10:00:00Z", "2026-05-28"),
    ("2026-5-8", "2026-05-08"),
    ("2026/05/28", "2026-05-28"),
    ("May 30, 2026", "2026-05-30"),
    ("May 30 2026", "2026-05-30"),
    ("June 14, 2026", "2026-06-14"),
    ("Sept 5, 2026", "2026-09-05"),
    ("Sept. 5, 2026", "2026-09-05"),
    ("sep 5 2026", "2026-09-05"),
    ("DECEMBER 31, 2026", "2026-12-31"),
    ("30 May 2026", "2026-05-30"),
    ("30th May 2026", "2026-05-30"),
    ("1st of March, 2026", "2026-03-01"),
    ("May 30th, 2026", "2026-05-30"),
    ("May 2nd 2026", "2026-05-02"),
    ("last verified in May 30, 2026", "2026-05-30"),
    ("Last verified: May 28, 2026", "2026-05-28"),
    ("This pricing was last verified in April 17, 2026.", "2026-04-17"),
    ("Prices checked on\n  2026-01-15 by our team", "2026-01-15"),
    ("Updated 3 times, last on Jan 9, 2026", "2026-01-09"),
    ("February 29, 2028", "2028-02-29"),
    ("2000-02-29", "2000-02-29"),
]

/// Texts with no date at all.
private let textsWithoutDate = [
    "", "abc", "Last verified: recently", "May 2026", "2026", "2026-05", "May 30", "30/05/26", "Mayday 30, 2026",
    "12026-05-28x", "version 2026.05.28",
]

/// Texts whose date is not on the calendar, with the date as read.
private let impossibleDates: [(text: String, read: String)] = [
    ("February 30, 2026", "2026-02-30"),
    ("February 29, 2026", "2026-02-29"),
    ("1900-02-29", "1900-02-29"),
    ("2026-13-01", "2026-13-01"),
    ("2026-00-10", "2026-00-10"),
    ("April 31 2026", "2026-04-31"),
    ("0 May 2026", "2026-05-00"),
]

@Suite("Date parsing")
struct DateParserTests {
    @Test(arguments: readableDates)
    func readsDate(text: String, iso: String) throws {
        #expect(try DateParser.parse(text) == iso)
    }

    @Test(arguments: textsWithoutDate)
    func rejectsTextWithoutDate(text: String) {
        #expect(throws: DateParseError(text: text, impossible: nil)) { try DateParser.parse(text) }
    }

    @Test(arguments: impossibleDates)
    func rejectsImpossibleDate(text: String, read: String) {
        #expect(throws: DateParseError(text: text, impossible: read)) { try DateParser.parse(text) }
    }

    @Test func errorsNameTheTextAndTheFix() {
        #expect(
            DateParseError(text: "abc", impossible: nil).description
                == "no date in \"abc\": expected a date such as 2026-05-28, May 30, 2026 or 30 May 2026; "
                + "check the selector picks the date text")
        #expect(
            DateParseError(text: "February 30, 2026", impossible: "2026-02-30").description
                == "\"February 30, 2026\" holds a date that is not on the calendar (2026-02-30): check the day and month"
        )
    }
}
