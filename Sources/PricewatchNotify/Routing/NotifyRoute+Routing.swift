import Foundation
import PricewatchCore

/// Routing: which targets and changes a `notify.rules` entry delivers. Core reads the rules from
/// selectors.yml; deciding what each destination gets is Notify's job.
extension NotifyRoute {
    /// Whether the route covers a target, by id pattern and tags.
    public func covers(_ target: String, tags targetTags: [String]) -> Bool {
        let idMatches = targets.isEmpty || targets.contains { Self.glob($0, matches: target) }
        let tagMatches = tags.isEmpty || tags.contains(where: targetTags.contains)
        return idMatches && tagMatches
    }

    /// Whether the route wants a change: its kind is selected and a price move is big enough.
    public func wants(_ change: Change) -> Bool {
        guard kinds.contains(change.kind) else { return false }
        guard change.kind == .priceChanged, let minimum = minChangePercent, let percent = change.deltaPercent?.value
        else { return true }
        return abs(percent) >= minimum
    }

    /// The part of `report` this route delivers: covered targets with their wanted changes, targets left
    /// with no change dropped. `tags` maps target ids to their tags from the configuration.
    public func filter(_ report: Report, tags: [String: [String]]) -> Report {
        var filtered = report
        filtered.targets = report.targets.compactMap { result in
            guard covers(result.id, tags: tags[result.id] ?? []) else { return nil }
            var kept = result
            kept.changes = result.changes.filter(wants)
            return kept.changes.isEmpty ? nil : kept
        }
        return filtered
    }

    /// `*` matches any run of characters (slashes included), everything else matches itself.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return pattern == text }
        var rest = Substring(text)
        guard let first = parts.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        guard let last = parts.last else { return true }
        return rest.hasSuffix(last)
    }
}
