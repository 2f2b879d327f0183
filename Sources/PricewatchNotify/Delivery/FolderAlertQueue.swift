import Foundation
import PricewatchCore

/// The snapshot folder's ``Outbox`` as an ``AlertQueue``, so that one delivery loop
/// (``Notifier/sendQueued(from:stopping:)``) serves it and the PostgreSQL store's queue alike.
///
/// One run at a time uses it, under the snapshot folder's lock: every entry is "claimed" by that run, giving
/// one back leaves its file where it is, and a delivered entry's file (or its alert in a batch file) is
/// removed.
public struct FolderAlertQueue: AlertQueue {
    /// Holds the queued alerts.
    public let outbox: Outbox
    /// Holds the pending changes, or nil for a queue that only sends what the outbox holds.
    public let store: SnapshotStore?
    /// Names the batch file of newly queued alerts.
    let now: @Sendable () -> Date

    /// The outbox, with the pending changes of `store` when given.
    public init(outbox: Outbox, pendingIn store: SnapshotStore? = nil, now: @escaping @Sendable () -> Date = Date.init)
    {
        self.outbox = outbox
        self.store = store
        self.now = now
    }

    public var location: String { outbox.directory.path }

    /// Turns the pending changes not yet queued into one batch in the outbox, then removes the pending entries.
    ///
    /// The batch names the changes it reports, so a crash before their entries are removed does not queue them
    /// twice (``Outbox/coveredChanges()``).
    public func queuePending(_ makeAlerts: ([PendingChanges]) throws -> [Alert]) throws {
        do {
            let pending = try store?.pendingChanges() ?? []
            let covered = try outbox.coveredChanges()
            let fresh = pending.filter { !covered.contains($0.id) }
            let alerts = try makeAlerts(fresh)
            if !alerts.isEmpty { try outbox.add(alerts, covering: fresh.map(\.id), at: now()) }
            try store?.removePendingChanges(pending.map(\.id))
        } catch let error as NotifyError {
            throw error
        } catch {
            throw NotifyError("cannot read the pending alerts: \(error)")
        }
    }

    /// Every entry of the outbox, oldest first; `key` is its place in that order.
    public func claim() throws -> [QueuedAlert] {
        try outbox.entries().enumerated().map { QueuedAlert(key: $0, delivery: $1.id, alert: $1.alert) }
    }

    public func delivered(_ alert: QueuedAlert) throws {
        try outbox.remove(outbox.entry(delivery: alert.delivery, alert: alert.alert))
    }

    /// Nothing to do: an entry stays in its file until it is delivered.
    public func release(_ alert: QueuedAlert) throws {}
}
