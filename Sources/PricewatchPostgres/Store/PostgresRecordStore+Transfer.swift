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

    /// Creates the target's row if needed and locks it for this transaction (concurrent saves of one target
    /// wait here), then reads its newest version, decoding the record so a corrupt one stops the save.
    func lockTarget(_ id: String, _ connection: PostgresConnection) throws -> NewestVersion? {
        try connection.query(
            "INSERT INTO pricewatch.targets (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [.text(id)])
        try connection.query("SELECT 1 FROM pricewatch.targets WHERE id = $1 FOR UPDATE", [.text(id)])
        return try newest(id, connection)
    }

    /// Moves a version's `last_seen` forward (never back: runners may finish out of order).
    func extendSighting(_ id: String, version: Int, to stamp: PostgresValue, _ connection: PostgresConnection)
        throws
    {
        try connection.query(
            """
            UPDATE pricewatch.record_versions SET last_seen = greatest(last_seen, $3::timestamptz)
            WHERE target_id = $1 AND version = $2::integer
            """, [.text(id), .integer(version), stamp])
    }

    /// Stores a page once per distinct content and points the target at it.
    func storePage(_ page: [UInt8], for id: String, _ connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO pricewatch.raw_pages (hash, page, size) VALUES (sha256($1::bytea), $1::bytea, length($1::bytea))
            ON CONFLICT (hash) DO NOTHING
            """, [.bytes(page)])
        try connection.query(
            "UPDATE pricewatch.targets SET page_hash = sha256($2::bytea) WHERE id = $1", [.text(id), .bytes(page)])
    }

    /// Replaces a target's validators; nil removes them, since they no longer describe the stored page.
    func storeValidators(_ validators: CacheValidators?, for id: String, _ connection: PostgresConnection) throws {
        guard let validators else {
            try connection.query("DELETE FROM pricewatch.validators WHERE target_id = $1", [.text(id)])
            return
        }
        try connection.query(
            """
            INSERT INTO pricewatch.validators (target_id, url, etag, last_modified, charset)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (target_id) DO UPDATE SET url = excluded.url, etag = excluded.etag,
                last_modified = excluded.last_modified, charset = excluded.charset
            """,
            [
                .text(id), try validators.url.map(PostgresValue.text), try validators.etag.map(PostgresValue.text),
                try validators.lastModified.map(PostgresValue.text), try validators.charset.map(PostgresValue.text),
            ])
    }
}
