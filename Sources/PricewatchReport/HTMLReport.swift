import Foundation
import PricewatchCore

/// `pricewatch report`: one self-contained HTML file with an overview of every target, price-history
/// charts, change logs and feature changes, readable offline, on a phone and in print.
///
/// The file makes no request of any kind and runs no script: styles and charts are inline, and a
/// Content-Security-Policy forbids everything else, so a slip in escaping could still not load or run
/// anything. Page text (vendor, plan and feature names, prices, URLs) is escaped wherever it is written.
public struct HTMLReport: Sendable {
    /// What to report on and how to write it.
    public struct Options: Sendable {
        /// The page's heading and `<title>`.
        public var title: String
        /// Only these targets, in this order; every stored target when empty.
        public var targetIDs: [String]
        /// The start of the period: charts, change logs and "changed" status cover what was seen from then
        /// on (`YYYY-MM-DD` or an ISO 8601 UTC time); the whole history when nil.
        public var since: String?
        /// Number and date formats.
        public var locale: Locale
        /// When the report is written, shown in its header.
        public var generatedAt: Date

        /// Creates options.
        public init(
            title: String = "Pricing report", targetIDs: [String] = [], since: String? = nil,
            locale: Locale = .current, generatedAt: Date = Date()
        ) {
            self.title = title
            self.targetIDs = targetIDs
            self.since = since
            self.locale = locale
            self.generatedAt = generatedAt
        }
    }

    /// The options in force.
    public let options: Options
    private let since: String?

    /// Checks the options.
    ///
    /// - Throws: ``HTMLReportError`` when `since` is not a date.
    public init(options: Options) throws(HTMLReportError) {
        self.options = options
        if let since = options.since {
            guard let normalized = ReportTime.normalizedSince(since) else {
                throw HTMLReportError("--since '\(since)' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
            }
            self.since = normalized
        } else {
            self.since = nil
        }
    }

    /// The report over what `source` holds: any ``RecordStore``, a snapshot folder or a PostgreSQL database.
    ///
    /// A target whose history cannot be read is listed first as unreadable, with the reason; it never stops
    /// the others.
    /// - Throws: ``HTMLReportError`` when a requested target has no snapshots or the target list or failure
    ///   file cannot be read.
    public func render(from source: some RecordStore) throws(HTMLReportError) -> String {
        let stored: [String]
        let failures: [String: TargetFailure]
        do {
            stored = try source.targets()
            failures = try source.failures()
        } catch {
            throw HTMLReportError("cannot read the snapshots: \(error)")
        }
        let ids = options.targetIDs.isEmpty ? stored : options.targetIDs
        let known = Set(stored)
        if let missing = ids.first(where: { !known.contains($0) }) {
            throw HTMLReportError(
                "no snapshots for target '\(missing)'; run 'pricewatch check' first, or pick one of: "
                    + stored.prefix(5).joined(separator: ", ") + (stored.count > 5 ? ", ..." : ""))
        }
        let timelines = ids.map { id in
            do {
                return TargetTimeline(
                    id: id, entries: try source.history(for: id), failure: failures[id], since: since)
            } catch {
                return TargetTimeline(id: id, entries: [], failure: failures[id], readError: "\(error)", since: since)
            }
        }
        var page = ReportPage(
            title: options.title, since: since, generatedAt: Timestamp.string(from: options.generatedAt),
            formatter: ReportFormatter(locale: options.locale))
        return page.render(timelines)
    }

    /// Writes the report to a file atomically (a reader never sees half a report).
    ///
    /// - Throws: ``HTMLReportError`` when the report cannot be built or the file cannot be written.
    public func write(from source: some RecordStore, to path: String) throws(HTMLReportError) {
        let html = try render(from: source)
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw HTMLReportError("cannot write the report to \(path): \(error.localizedDescription)")
        }
    }
}

/// Why a report could not be written, with what to do.
public struct HTMLReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to do.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
