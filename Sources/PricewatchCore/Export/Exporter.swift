import Foundation

/// Writes records as flat price rows for `pricewatch export`: JSON, NDJSON or CSV, latest or full history.
public struct Exporter: Sendable {
    /// The output format.
    public enum Format: String, Sendable, CaseIterable {
        /// One JSON array of row objects.
        case json
        /// One compact JSON object per line.
        case ndjson
        /// RFC 4180 CSV with a header row, guarded against spreadsheet formula injection.
        case csv
    }

    /// Which records to export.
    public enum Scope: Sendable {
        /// Each target's newest record.
        case latest
        /// Every stored record, oldest first per target.
        case history
    }

    /// A stored record and when it was seen, the input the snapshot store provides.
    public struct Entry: Sendable, Hashable {
        /// The record.
        public var record: Record
        /// When it was fetched, ISO 8601 UTC.
        public var seenAt: String

        /// An entry; `seenAt` defaults to the record's `fetched_at`.
        public init(record: Record, seenAt: String? = nil) {
            self.record = record
            self.seenAt = seenAt ?? record.fetchedAt
        }
    }

    /// The format written.
    public var format: Format
    /// Latest records or full history.
    public var scope: Scope
    /// Only entries seen on or after this date (`YYYY-MM-DD` or an ISO 8601 UTC timestamp).
    public var since: String?

    /// An exporter.
    ///
    /// - Throws: ``ExportError`` when `since` is not a date.
    public init(format: Format, scope: Scope = .latest, since: String? = nil) throws(ExportError) {
        if let since, !Self.isDate(since) {
            throw ExportError("--since '\(since)' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        }
        self.format = format
        self.scope = scope
        self.since = since
    }

    /// The rows for `entries` after the scope and `since` filters, in target order then time order.
    public func rows(for entries: [Entry]) -> [ExportRow] {
        var selected = entries.filter { entry in since.map { entry.seenAt >= $0 } ?? true }
        selected.sort { ($0.record.target, $0.seenAt) < ($1.record.target, $1.seenAt) }
        if case .latest = scope {
            var newest: [String: Entry] = [:]
            for entry in selected { newest[entry.record.target] = entry }
            selected = selected.filter { newest[$0.record.target] == $0 }
        }
        return selected.flatMap { ExportRow.rows(of: $0.record, seenAt: $0.seenAt) }
    }

    /// The export document for `entries`, UTF-8 text ending in a newline.
    ///
    /// - Throws: ``ExportError`` if JSON encoding fails.
    public func export(_ entries: [Entry]) throws(ExportError) -> String {
        let rows = rows(for: entries)
        do {
            switch format {
            case .json:
                return String(decoding: try PricewatchJSON.encode(rows), as: UTF8.self)
            case .ndjson:
                return try rows.map { String(decoding: try PricewatchJSON.encode($0, pretty: false), as: UTF8.self) }
                    .joined()
            case .csv:
                let lines = [ExportRow.columns.map(CSV.field)] + rows.map { $0.values.map { CSV.field($0 ?? "") } }
                return lines.map { $0.joined(separator: ",") + "\r\n" }.joined()
            }
        } catch {
            throw ExportError("cannot encode the export: \(error)")
        }
    }

    /// `YYYY-MM-DD`, optionally followed by `T` and a time, digits where digits belong.
    private static func isDate(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count >= 10, characters[4] == "-", characters[7] == "-",
            characters[0..<4].allSatisfy(\.isASCII), characters[0..<4].allSatisfy(\.isNumber),
            characters[5..<7].allSatisfy(\.isNumber), characters[8..<10].allSatisfy(\.isNumber)
        else { return false }
        return characters.count == 10 || characters[10] == "T"
    }
}

/// CSV cells as RFC 4180 wants them, made safe to open in a spreadsheet.
enum CSV {
    /// A cell: prefixed with `'` when it starts with `=`, `+`, `-`, `@`, tab or carriage return (which
    /// spreadsheets run as formulas), then quoted when it holds a comma, quote, CR or LF (quotes doubled).
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        // By scalar: a prepended mark such as U+0605 makes one Character of itself and the comma after it.
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A bad export request, with the fix.
public struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to do.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
