import Foundation
import PricewatchCore

extension PostgresRecordStore {
    /// What `store import` or `store export` did.
    public struct TransferSummary: Sendable, Hashable {
        /// Targets copied.
        public var targets = 0
        /// History versions added (import) or files written (export); 0 when the copy was already complete.
        public var changes = 0

        /// A summary, for comparing with one a transfer returned.
        public init(targets: Int = 0, changes: Int = 0) {
            self.targets = targets
            self.changes = changes
        }
    }

    /// Copies every target of a snapshot folder into the database, one transaction per target.
    ///
    /// Idempotent and resumable: a version the database already holds is kept (its `last_seen` moves forward
    /// if the folder saw it later), so running it again, or after it was killed, adds only what is missing.
    /// - Throws: ``PostgresError`` when a target's version in the database holds other content than the
    ///   folder's version of the same number (the two stores were written separately); targets before it stay
    ///   imported. ``SnapshotError`` for an unreadable or corrupt file.
    @discardableResult
    public func importSnapshots(from folder: SnapshotStore) throws -> TransferSummary {
        var summary = TransferSummary()
        for id in try folder.targets() {
            let history = try folder.history(for: id)
            guard !history.isEmpty else { continue }
            summary.changes += try importTarget(
                id, history: history, page: folder.rawPage(for: id), validators: folder.cacheValidators(for: id))
            summary.targets += 1
        }
        return summary
    }

    /// Writes every target of the database into a snapshot folder, byte for byte as the folder store writes
    /// them; see ``SnapshotStore/restore(_:history:page:validators:)``.
    @discardableResult
    public func exportSnapshots(to folder: SnapshotStore) throws -> TransferSummary {
        var summary = TransferSummary()
        for id in try targets() {
            summary.changes += try folder.restore(
                id, history: history(for: id), page: rawPage(for: id), validators: cacheValidators(for: id))
            summary.targets += 1
        }
        return summary
    }

    /// Imports one target's versions, page and validators in one transaction; returns the versions added.
    func importTarget(_ id: String, history: [HistoryEntry], page: [UInt8]?, validators: CacheValidators?) throws
        -> Int
    {
        try withConnection { connection in
            try connection.transaction { connection in
                _ = try lockTarget(id, connection)
                let rows = try connection.query(
                    "SELECT version, content_hash FROM pricewatch.record_versions WHERE target_id = $1", [.text(id)])
                var stored: [Int: [UInt8]] = [:]
                for row in 0..<rows.count {
                    if let version = rows.integer(row, 0) { stored[version] = rows.bytes(row, 1) ?? [] }
                }
                var added = 0
                for entry in history {
                    let seen = try PostgresValue.text(entry.lastSeen)
                    if let hash = stored[entry.version] {
                        guard hash == entry.record.contentHash else {
                            throw PostgresError.importConflict(location, target: id, version: entry.version)
                        }
                        try extendSighting(id, version: entry.version, to: seen, connection)
                        continue
                    }
                    try connection.query(
                        """
                        INSERT INTO pricewatch.record_versions
                            (target_id, version, record, content_hash, first_seen, last_seen)
                        VALUES ($1, $2::integer, $3::jsonb, $4, $5::timestamptz, $6::timestamptz)
                        """,
                        [
                            .text(id), .integer(entry.version),
                            .text(String(decoding: PricewatchJSON.encode(entry.record), as: UTF8.self)),
                            .bytes(entry.record.contentHash), .text(entry.firstSeen), seen,
                        ])
                    added += 1
                }
                if let page { try storePage(page, for: id, connection) }
                try storeValidators(validators, for: id, connection)
                return added
            }
        }
    }
}
