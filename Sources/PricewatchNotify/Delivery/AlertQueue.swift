import PricewatchCore

/// Where alerts wait: the changes stored but not yet alerted, and the alerts not yet delivered.
///
/// ``FolderAlertQueue`` is the snapshot folder's ``Outbox``, used by one run at a time under the folder's lock;
/// the PostgreSQL store's queue is shared by runners on several hosts, each change and alert taken by one runner
/// at a time. ``Notifier/deliver(_:through:stopping:)`` and ``Notifier/sendQueued(from:stopping:)`` use either.
public protocol AlertQueue: Sendable {
    /// Takes the pending changes no other runner holds, has `makeAlerts` turn them into alerts, and queues the
    /// alerts while removing the changes, all or nothing: each change is queued once.
    func queuePending(_ makeAlerts: ([PendingChanges]) throws -> [Alert]) throws
    /// Claims the queued alerts that no other runner is sending (or whose claim expired), oldest first.
    func claim() throws -> [QueuedAlert]
    /// Marks an alert delivered (after a 2xx answer); it is never sent again.
    func delivered(_ alert: QueuedAlert) throws
    /// Gives an undelivered alert back, for the next run.
    func release(_ alert: QueuedAlert) throws
    /// Where the queue is, for messages (a database's password masked).
    var location: String { get }
}

/// An alert taken from an ``AlertQueue`` for sending.
public struct QueuedAlert: Sendable, Hashable {
    /// The queue's own name for it.
    public let key: Int
    /// Sent as `X-Pricewatch-Delivery`, the same on every attempt, so receivers can drop a repeat.
    public let delivery: String
    /// The alert.
    public let alert: Alert

    /// A queued alert.
    public init(key: Int, delivery: String, alert: Alert) {
        self.key = key
        self.delivery = delivery
        self.alert = alert
    }
}
