import Foundation

/// ISO 8601 UTC timestamps as pricewatch writes them (`2026-11-24T15:00:00Z`).
public enum Timestamp {
    /// The current time.
    public static func now() -> String { string(from: Date()) }

    /// Formats a date.
    public static func string(from date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(
                .colon
            ).timeZone(separator: .omitted))
    }
}
