import Foundation
import PricewatchCore

extension Notifier {
    /// Queues the alerts for the changes `store` holds pending (each committed with the snapshot that records
    /// it, by this run or by one that was interrupted or killed) and for the run's failures, then sends the
    /// whole outbox, oldest first: ``deliver(_:through:stopping:)`` with the folder's ``FolderAlertQueue``.
    ///
    /// A pending entry is removed only after the alerts reporting it are in the outbox (in one batch file that
    /// names it, so a crash in between does not queue it twice). What remains after a crash between a 2xx
    /// answer and the removal is sent again with the same `X-Pricewatch-Delivery` id.
    ///
    /// - Parameters:
    ///   - report: the run's report; only its failures are alerted from it.
    ///   - store: holds the pending changes; call this while holding its lock.
    ///   - stopping: whether the run was interrupted; see ``sendQueued(from:stopping:)``.
    public func deliver(
        _ report: Report, pendingIn store: SnapshotStore, stopping: @Sendable () -> Bool = { false }
    ) async -> Summary {
        await deliver(report, through: FolderAlertQueue(outbox: outbox, pendingIn: store, now: now), stopping: stopping)
    }

    /// Sends every outbox entry, oldest first, removing each one a webhook accepted.
    ///
    /// - Parameter stopping: see ``sendQueued(from:stopping:)``.
    public func flushOutbox(stopping: @Sendable () -> Bool = { false }) async -> Summary {
        await sendQueued(from: FolderAlertQueue(outbox: outbox, now: now), stopping: stopping)
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
