import Foundation

/// What comparing a freshly extracted record with the stored one means for a target.
public enum Comparison: Hashable, Sendable {
    /// No stored record: the new one becomes the baseline and is reported as new, not as changes.
    case baseline
    /// Nothing worth reporting changed.
    case unchanged
    /// These changes were found; store the new record.
    case changed([Change])
    /// The new record looks like a broken page or selector (an `extraction_failed` change); keep the
    /// stored record and do not store the new one.
    case broken(Change)

    /// The status a `check` report gives the target for this outcome.
    public var status: Report.Status {
        switch self {
        case .baseline: .new
        case .unchanged: .unchanged
        case .changed: .changed
        case .broken: .failed
        }
    }

    /// The changes to report: none for a baseline or an unchanged page, the failure for a broken one.
    public var changes: [Change] {
        switch self {
        case .baseline, .unchanged: []
        case .changed(let changes): changes
        case .broken(let failure): [failure]
        }
    }
}

extension Differ {
    /// Classifies a new record against the stored one, telling a broken page from real changes.
    ///
    /// A record that suddenly has no plans while the stored one had some is far more likely a changed page
    /// layout or a stale selector than a vendor dropping every plan, so it is `broken`, not a list of
    /// `plan_removed`.
    /// - Parameters:
    ///   - old: The stored record, or nil on a target's first run.
    ///   - new: The record just extracted.
    public func compare(old: Record?, new: Record) -> Comparison {
        guard let old else { return .baseline }
        if new.plans.isEmpty && !old.plans.isEmpty {
            return .broken(
                .extractionFailed(
                    target: new.target,
                    message: "the page yielded no plans, but the stored snapshot has \(old.plans.count); the page "
                        + "layout or the plan selectors in selectors.yml probably changed. The stored snapshot "
                        + "was kept; fix the rules for '\(new.target)' and run `pricewatch reextract`."))
        }
        let changes = changes(from: old, to: new)
        return changes.isEmpty ? .unchanged : .changed(changes)
    }
}

extension Change {
    /// An `extraction_failed` change: the page was fetched but did not yield a usable record.
    ///
    /// - Parameters:
    ///   - target: The target id.
    ///   - message: What went wrong and what to do, such as the extractor's error text.
    public static func extractionFailed(target: String, message: String) -> Change {
        Change(target: target, kind: .extractionFailed, message: message)
    }

    /// A `fetch_failed` change: the page could not be fetched, so the stored snapshot was kept.
    ///
    /// - Parameters:
    ///   - target: The target id.
    ///   - message: What went wrong, such as the fetcher's error text.
    public static func fetchFailed(target: String, message: String) -> Change {
        Change(target: target, kind: .fetchFailed, message: message)
    }
}
