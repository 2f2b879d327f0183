import Foundation
import PricewatchCore
import PricewatchNotify

/// The alerts of runners sharing a database: `pricewatch.pending_changes` (each committed with the record
/// version holding it) and `pricewatch.outbox`, each row taken by one runner at a time.
///
/// Pending changes are taken with `FOR UPDATE SKIP LOCKED` and deleted in the transaction that queues their
/// alerts, so each change is queued once. Outbox rows are claimed for ``claimDuration`` (`claimed_by`,
/// `claimed_until`); a runner killed while sending leaves them to the next runner after that.
public struct PostgresAlertQueue: AlertQueue {
    /// The store whose database holds the queue.
    public let store: PostgresRecordStore
    /// Names this runner in `claimed_by`.
    public let runner: String
    /// How long a claimed alert waits before another runner may send it.
    public let claimDuration: Duration

    /// The queue in `store`'s database.
    public init(store: PostgresRecordStore, runner: String, claimDuration: Duration = .seconds(300)) {
        self.store = store
        self.runner = runner
        self.claimDuration = claimDuration
    }

    public var location: String { "the outbox of \(store.location)" }

    public func queuePending(_ makeAlerts: ([PendingChanges]) throws -> [Alert]) throws {
        try store.withConnection { connection in
            try connection.transaction { connection in
                let rows = try connection.query(
                    "SELECT id, entry FROM pricewatch.pending_changes ORDER BY id FOR UPDATE SKIP LOCKED")
                let pending = try rows.values.map { row in
                    var entry: PendingChanges
                    do {
                        entry = try PricewatchJSON.decode(PendingChanges.self, from: Array((row[1] ?? "").utf8))
                    } catch {
                        throw PostgresError.corruptPendingChange(store.location, id: row[0] ?? "?", detail: "\(error)")
                    }
                    entry.id = row[0] ?? ""
                    return entry
                }
                let alerts = try makeAlerts(pending)
                for alert in alerts {
                    try connection.query(
                        "INSERT INTO pricewatch.outbox (alert) VALUES ($1::jsonb)",
                        [.text(String(decoding: try PricewatchJSON.encode(alert, pretty: false), as: UTF8.self))])
                }
                if !pending.isEmpty {
                    try connection.query(
                        "DELETE FROM pricewatch.pending_changes WHERE id = ANY($1::bigint[])",
                        [.textArray(pending.map(\.id))])
                }
            }
        }
    }

    public func claim() throws -> [QueuedAlert] {
        try store.withConnection { connection in
            let rows = try connection.query(
                """
                WITH free AS (
                    SELECT id FROM pricewatch.outbox
                    WHERE delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                    FOR UPDATE SKIP LOCKED)
                UPDATE pricewatch.outbox o
                SET claimed_by = $1, claimed_until = now() + $2::double precision * interval '1 second'
                FROM free WHERE o.id = free.id RETURNING o.id, o.delivery, o.alert::text
                """, [.text(runner), .seconds(claimDuration)])
            return try rows.values.map { row in
                let key = Int(row[0] ?? "") ?? 0
                do {
                    let alert = try PricewatchJSON.decode(Alert.self, from: Array((row[2] ?? "").utf8))
                    return QueuedAlert(key: key, delivery: row[1] ?? "", alert: alert)
                } catch {
                    throw PostgresError.corruptPendingChange(store.location, id: "outbox \(key)", detail: "\(error)")
                }
            }.sorted { $0.key < $1.key }
        }
    }

    public func delivered(_ alert: QueuedAlert) throws {
        try store.withConnection { connection in
            _ = try connection.query(
                "UPDATE pricewatch.outbox SET delivered_at = now(), claimed_until = NULL WHERE id = $1::bigint",
                [.integer(alert.key)])
        }
    }

    public func release(_ alert: QueuedAlert) throws {
        try store.withConnection { connection in
            _ = try connection.query(
                """
                UPDATE pricewatch.outbox SET claimed_by = NULL, claimed_until = NULL
                WHERE id = $1::bigint AND delivered_at IS NULL AND claimed_by = $2
                """, [.integer(alert.key), .text(runner)])
        }
    }
}
