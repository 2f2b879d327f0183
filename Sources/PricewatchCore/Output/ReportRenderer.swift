/// Renders a `check` report for people: a terminal (optionally coloured) or Markdown.
public enum ReportRenderer {
    /// Plain text, one block per target that changed or failed, then a summary line.
    ///
    /// - Parameters:
    ///   - report: The run's report.
    ///   - colour: Whether to use ANSI colours (only when writing to a terminal).
    ///   - verbose: Whether to list unchanged targets too.
    public static func text(_ report: Report, colour: Bool, verbose: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines: [String] = []
        for target in report.targets
        where verbose || target.status != .unchanged || !target.warnings.isEmpty {
            let name = target.vendor.map { "\($0) (\(target.id))" } ?? target.id
            let status: String
            switch target.status {
            case .changed: status = paint("changed", "33")
            case .failed: status = paint("failed", "31")
            case .new: status = paint("new baseline", "36")
            case .unchanged: status = paint("unchanged", "2")
            }
            lines.append("\(paint(name, "1")): \(status)")
            for change in target.changes {
                lines.append("  - " + ChangeSummary.line(for: change))
            }
            if let error = unexplainedError(of: target) { lines.append("  - " + error) }
            lines += target.warnings.map { "  " + paint("warning:", "33") + " " + $0 }
        }
        lines.append(summary(report))
        return lines.joined(separator: "\n") + "\n"
    }

    /// A failed target's error when no change in its list already says it: a failed snapshot write lists the
    /// changes it could not store, and the reason must be printed as well (only JSON carried it before).
    static func unexplainedError(of target: Report.TargetResult) -> String? {
        guard let error = target.error,
            !target.changes.contains(where: { $0.kind == .fetchFailed || $0.kind == .extractionFailed })
        else { return nil }
        return error
    }

    /// "4 targets: 1 changed, 1 new, 2 unchanged, 0 failed".
    public static func summary(_ report: Report) -> String {
        summary(counts: Dictionary(grouping: report.targets, by: \.status).mapValues(\.count))
    }

    /// The summary line from the number of targets with each status, for a report written as targets finish.
    public static func summary(counts: [Report.Status: Int]) -> String {
        let parts = [Report.Status.changed, .new, .unchanged, .failed].map { "\(counts[$0] ?? 0) \($0.label)" }
        return "\(counts.values.reduce(0, +)) targets: " + parts.joined(separator: ", ")
    }

    /// Markdown for pull requests, issues and chat: a heading per target and a bullet per change.
    public static func markdown(_ report: Report) -> String {
        var lines = [
            markdownHeading(summary: summary(report), startedAt: report.startedAt, finishedAt: report.finishedAt)
        ]
        for target in report.targets where target.status != .unchanged || !target.warnings.isEmpty {
            let name = escapeMarkdown(target.vendor ?? target.id)
            let link = target.url.map { " — <\(escapeMarkdown($0))>" } ?? ""
            lines += ["", "## \(name) (`\(target.id)`): \(target.status.label)\(link)", ""]
            for change in target.changes {
                lines.append("- " + escapeMarkdown(ChangeSummary.line(for: change)))
            }
            if let error = unexplainedError(of: target) { lines.append("- " + escapeMarkdown(error)) }
            lines += target.warnings.map { "- Warning: " + escapeMarkdown($0) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The Markdown report's title and summary line (no newline after it).
    public static func markdownHeading(summary: String, startedAt: String, finishedAt: String) -> String {
        "# pricewatch report\n\n_\(summary); run \(startedAt) – \(finishedAt)_"
    }

    /// Backslash-escapes Markdown's special characters so page text cannot inject markup or links.
    public static func escapeMarkdown(_ text: String) -> String {
        // By scalar: a prepended mark such as U+0605 makes one Character of itself and the `[` after it.
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if "\\`*_{}[]()<>#+!|~".unicodeScalars.contains(scalar) { escaped.append("\\") }
            escaped.append(scalar)
        }
        return String(escaped)
    }
}

extension Report.Status {
    /// The status in words.
    var label: String {
        switch self {
        case .new: "new"
        case .unchanged: "unchanged"
        case .changed: "changed"
        case .failed: "failed"
        }
    }
}
