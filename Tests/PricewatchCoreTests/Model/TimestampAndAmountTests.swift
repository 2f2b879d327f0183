import Foundation
import Testing

@testable import PricewatchCore

/// `Timestamp` and `Amount` format text without `Locale` or ICU; these tables pin the exact text they write.
struct TimestampAndAmountTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (59.999, "1970-01-01T00:00:59Z"),
        (-1.0, "1969-12-31T23:59:59Z"),
        (-0.5, "1969-12-31T23:59:59Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (951_868_799.0, "2000-02-29T23:59:59Z"),
        (4_107_542_400.0, "2100-03-01T00:00:00Z"),
        (1_795_532_400.0, "2026-11-24T15:00:00Z"),
        (1_798_761_599.0, "2026-12-31T23:59:59Z"),
        (-2_208_988_800.0, "1900-01-01T00:00:00Z"),
    ])
    func timestampIsUTCWholeSeconds(secondsSince1970: Double, expected: String) {
        #expect(Timestamp.string(from: Date(timeIntervalSince1970: secondsSince1970)) == expected)
    }

    /// Every day from 1899 to 2100 (leap rules for 1900, 2000 and 2100 included) agrees with Foundation's
    /// ISO 8601 format style, which the hand-written formatter replaced.
    @Test func timestampAgreesWithFoundationEveryDay() {
        let style = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .gmt)
        var mismatches: [String] = []
        // Noon plus an odd number of seconds, so hours, minutes and seconds are all exercised.
        for day in -25_600...47_600 {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 43_200 + Double(day % 3600))
            let expected = style.format(date)
            let actual = Timestamp.string(from: date)
            if actual != expected { mismatches.append("\(actual) != \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test(arguments: [
        ("1299", "1299"), ("0.084", "0.084"), ("-5", "-5"), ("12.50", "12.5"), ("0.1234567890123", "0.123456789012"),
    ])
    func amountWritesDotDecimals(text: String, written: String) throws {
        let amount = try #require(Amount(text))
        #expect(amount.description == written)
        // What is written reads back as itself, so snapshots stay stable across runs.
        #expect(Amount(written)?.description == written)
    }

    @Test(arguments: ["", "1,5", "1e3", "$5", "12 000", "٣"])
    func amountRejectsAnythingButPlainDecimals(text: String) {
        #expect(Amount(text) == nil)
    }
}
