import PricewatchCore

/// Turns a run's ``Report`` into Slack messages: per target a linked header and one line per change,
/// broken pages in their own section, split across messages within ``SlackLimits`` and never truncated.
public struct SlackMessageBuilder: Sendable {
    /// The limits every built message stays within.
    public var limits: SlackLimits

    /// A builder for the given limits (Slack's own by default).
    public init(limits: SlackLimits = .slack) {
        self.limits = limits
    }

    /// The messages for `report`, or none when no target changed or failed.
    public func messages(for report: Report) -> [SlackMessage] {
        let changed = report.targets.compactMap { result -> (Report.TargetResult, [String])? in
            let lines = result.changes.filter { !Self.isFailure($0.kind) }.map(ChangeSummary.line(for:))
            return lines.isEmpty ? nil : (result, lines)
        }
        let failed = report.targets.compactMap { result -> (Report.TargetResult, [String])? in
            var lines = result.changes.filter { Self.isFailure($0.kind) }.map(ChangeSummary.line(for:))
            if lines.isEmpty, result.status == .failed { lines = ["failed" + (result.error.map { ": \($0)" } ?? "")] }
            return lines.isEmpty ? nil : (result, lines)
        }
        guard !changed.isEmpty || !failed.isEmpty else { return [] }

        var content: [SlackBlock] = []
        for (result, lines) in changed { content += sections(for: result, lines: lines) }
        if !failed.isEmpty {
            if !content.isEmpty { content.append(.divider) }
            content.append(.section("*Broken pages and fetch failures*"))
            for (result, lines) in failed { content += sections(for: result, lines: lines) }
        }
        let summary = Self.summary(changed: changed.count, failed: failed.count, finishedAt: report.finishedAt)
        return pack(content, summary: summary)
    }

    /// A message for `pricewatch notify --test`, proving the webhook works without a run.
    public func testMessage(at timestamp: String) -> SlackMessage {
        let text = "*pricewatch* test message, sent \(SlackText.escape(timestamp)): alerts will arrive here."
        return SlackMessage(text: text, blocks: [.section(text)])
    }

    static func isFailure(_ kind: Change.Kind) -> Bool { kind == .extractionFailed || kind == .fetchFailed }

    private static func summary(changed: Int, failed: Int, finishedAt: String) -> String {
        var parts: [String] = []
        if changed > 0 { parts.append("\(changed) \(changed == 1 ? "target" : "targets") changed") }
        if failed > 0 { parts.append("\(failed) failing") }
        return "*pricewatch*: \(parts.joined(separator: ", ")) (run finished \(SlackText.escape(finishedAt)))"
    }

    /// One or more sections for a target: the linked header, then bullet lines, continued in further
    /// sections (and long lines cut into pieces) when they exceed the section limit.
    private func sections(for result: Report.TargetResult, lines: [String]) -> [SlackBlock] {
        let vendor = result.vendor ?? result.id
        let header = "*\(SlackText.link(result.url, label: vendor))* · `\(SlackText.escape(result.id))`"
        let continuation = "*\(SlackText.escape(vendor))* (continued)"
        let limit = limits.sectionCharacters
        var blocks: [SlackBlock] = []
        var current = header
        for line in lines {
            let bullet = "\n• " + SlackText.escape(line)
            // Room for the continuation header and the line break that keeps it apart from a cut line's rest.
            let room = limit - continuation.count - 1
            for piece in SlackText.chunks(of: bullet, limit: room) {
                if current.count + piece.count > limit {
                    blocks.append(.section(current))
                    current = piece.hasPrefix("\n") ? continuation : continuation + "\n"
                }
                current += piece
            }
        }
        blocks.append(.section(current))
        return blocks
    }

    /// Fills messages with blocks in order, each starting with the summary (numbered when there are several).
    private func pack(_ content: [SlackBlock], summary: String) -> [SlackMessage] {
        var groups: [[SlackBlock]] = [[]]
        var characters = 0
        for block in content {
            let size = block.text?.text.count ?? 0
            let full =
                groups[groups.count - 1].count >= limits.blocks - 1 || characters + size > limits.messageCharacters
            if full, !groups[groups.count - 1].isEmpty {
                groups.append([])
                characters = 0
            }
            // A divider never starts or ends a part on its own.
            if block.type == "divider", groups[groups.count - 1].isEmpty { continue }
            groups[groups.count - 1].append(block)
            characters += size
        }
        return groups.enumerated().map { index, blocks in
            let part = groups.count > 1 ? " — part \(index + 1) of \(groups.count)" : ""
            let head = summary + part
            let body = blocks.compactMap { $0.text?.text }
            return SlackMessage(text: ([head] + body).joined(separator: "\n"), blocks: [.section(head)] + blocks)
        }
    }
}
