import Foundation
import PricewatchCore

extension Notifier {
    /// Queues the alerts for the changes `store` holds pending (each committed with the snapshot that records
    /// it, by this run or by one that was interrupted or killed) and for the run's failures, then sends the
    /// whole outbox, oldest first.
    ///
    /// A change is alerted only once it is stored, and only once: its pending entry is removed only after the
    /// alerts reporting it are in the outbox (in one batch file that names it, so a crash in between does not
    /// queue it twice), and an alert leaves the outbox only after a 2xx answer. What remains after a crash
    /// between a 2xx answer and the removal is sent again with the same `X-Pricewatch-Delivery` id.
    ///
    /// - Parameters:
    ///   - report: the run's report; only its failures are alerted from it (changes come from the store, so
    ///     changes that could not be stored are never alerted). An empty report for `pricewatch notify`.
    ///   - store: holds the pending changes; call this while holding its lock.
    ///   - stopping: whether the run was interrupted; see ``flushOutbox(stopping:)``.
    public func deliver(
        _ report: Report, pendingIn store: SnapshotStore, stopping: @Sendable () -> Bool = { false }
    ) async -> Summary {
        var queueingErrors: [NotifyError] = []
        do {
            try queue(failuresOf: report, pendingIn: store)
        } catch let error as NotifyError {
            queueingErrors.append(error)
        } catch {
            queueingErrors.append(NotifyError("cannot read the pending alerts: \(error)"))
        }
        var summary = await flushOutbox(stopping: stopping)
        summary.errors = queueingErrors + summary.errors
        return summary
    }

    /// Turns the pending changes not yet queued, and the report's failures, into one batch in the outbox, then
    /// removes the pending entries.
    func queue(failuresOf report: Report, pendingIn store: SnapshotStore) throws {
        let pending = try store.pendingChanges()
        let covered = try outbox.coveredChanges()
        let fresh = pending.filter { !covered.contains($0.id) }
        let failures = report.targets.compactMap(Self.failure(of:))
        let alerts = try alerts(
            for: Report(
                startedAt: report.startedAt, finishedAt: report.finishedAt,
                targets: fresh.map(\.targetResult) + failures))
        if !alerts.isEmpty { try outbox.add(alerts, covering: fresh.map(\.id), at: now()) }
        try store.removePendingChanges(pending.map(\.id))
    }

    /// A failed target with only its failure (a snapshot that could not be stored lists changes that were not
    /// stored, and those must not be alerted), or nil for a target that did not fail.
    static func failure(of result: Report.TargetResult) -> Report.TargetResult? {
        guard result.status == .failed else { return nil }
        var failure = result
        failure.changes = result.changes.filter { SlackMessageBuilder.isFailure($0.kind) }
        return failure
    }
}
