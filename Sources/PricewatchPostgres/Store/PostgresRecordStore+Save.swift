import Foundation
import PricewatchCore

extension PostgresRecordStore {
    @discardableResult
    public func save(_ record: Record, page: [UInt8], at time: Date, validators: CacheValidators?) throws
        -> SaveOutcome
    {
        try save(record, page: page, at: time, validators: validators, pending: nil)
    }

    /// One transaction holding the target's row lock: the new version, the page, the validators and the
    /// pending changes commit together, so a killed runner leaves the old state or the new one.
    @discardableResult
    public func save(
        _ record: Record, page: [UInt8], at time: Date, validators: CacheValidators?, pending: PendingChanges?
    ) throws -> SaveOutcome {
        let id = record.target
        let stamp = try PostgresValue.text(Timestamp.string(from: time))
        let recordJSON = String(decoding: try PricewatchJSON.encode(record), as: UTF8.self)
        // jsonb turns the escape back into a NUL character, which no PostgreSQL text can hold: refuse the save
        // with a message, rather than let the server fail it obscurely or store the text changed.
        guard !Self.holdsNULEscape(recordJSON) else { throw PostgresError.nulInRecord(location, target: id) }
        let pendingJSON = try pending.map { String(decoding: try PricewatchJSON.encode($0), as: UTF8.self) }
        return try withConnection { connection in
            try connection.transaction { connection in
                try Self.commitWithoutWaitingForDisk(connection)
                let newest = try lockTarget(id, connection)
                let outcome: SaveOutcome
                if let newest, newest.contentHash == record.contentHash {
                    try extendSighting(id, version: newest.version, to: stamp, connection)
                    outcome = .unchanged(version: newest.version)
                } else {
                    let version = (newest?.version ?? 0) + 1
                    try connection.query(
                        """
                        INSERT INTO pricewatch.record_versions
                            (target_id, version, record, content_hash, first_seen, last_seen)
                        VALUES ($1, $2::integer, $3::jsonb, $4, $5::timestamptz, $5::timestamptz)
                        """,
                        [
                            .text(id), .integer(version), .text(recordJSON), .bytes(record.contentHash), stamp,
                        ])
                    try storePage(page, for: id, connection)
                    if let pendingJSON {
                        try connection.query(
                            "INSERT INTO pricewatch.pending_changes (target_id, entry) VALUES ($1, $2)",
                            [.text(id), .text(pendingJSON)])
                    }
                    outcome = newest == nil ? .baseline(version: version) : .updated(version: version)
                }
                try storeValidators(validators, for: id, connection)
                return outcome
            }
        }
    }

    @discardableResult
    public func markSeen(_ id: String, at time: Date) throws -> Int {
        let stamp = try PostgresValue.text(Timestamp.string(from: time))
        return try withConnection { connection in
            try connection.transaction { connection in
                try Self.commitWithoutWaitingForDisk(connection)
                guard let newest = try lockTarget(id, connection) else {
                    throw PostgresError.missingSnapshot(location, target: id)
                }
                try extendSighting(id, version: newest.version, to: stamp, connection)
                return newest.version
            }
        }
    }

    /// Lets this transaction's `COMMIT` return before the server has flushed it to disk
    /// (`synchronous_commit = off`, for this transaction only): a save then costs no disk flush, which bounded a
    /// runner at a few hundred targets a second. A killed runner loses nothing it committed; only a crash of
    /// the server itself can undo the last fraction of a second of saves, each whole (its version, page,
    /// validators and pending change together), and the next run finds those changes again. Alert queue
    /// transactions keep waiting for the disk, since a sent alert must not come back.
    static func commitWithoutWaitingForDisk(_ connection: PostgresConnection) throws {
        try connection.query("SET LOCAL synchronous_commit = off")
    }

    /// The newest version of a target as a save needs it.
    struct NewestVersion {
        let version: Int
        let contentHash: [UInt8]?
    }

    /// Creates the target's row if needed and locks it for this transaction (concurrent saves of one target
    /// wait here), then reads its newest version, decoding the record so a corrupt one stops the save.
    func lockTarget(_ id: String, _ connection: PostgresConnection) throws -> NewestVersion? {
        try connection.query(
            "INSERT INTO pricewatch.targets (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", [.text(id)])
        try connection.query("SELECT 1 FROM pricewatch.targets WHERE id = $1 FOR UPDATE", [.text(id)])
        let rows = try connection.query(
            """
            SELECT version, content_hash, record::text FROM pricewatch.record_versions
            WHERE target_id = $1 ORDER BY version DESC LIMIT 1
            """, [.text(id)])
        guard rows.count == 1 else { return nil }
        let version = rows.integer(0, 0) ?? 0
        let stored = try decodeRecord(rows.string(0, 2), target: id, version: version)
        // A hash that disagrees with its record (edited by hand) counts as a change, never as a sighting.
        let hash = rows.bytes(0, 1)
        return NewestVersion(version: version, contentHash: hash == stored.contentHash ? hash : nil)
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

    /// Whether JSON text holds the escape `\u0000` (an escape, not an escaped backslash followed by `u0000`).
    static func holdsNULEscape(_ json: String) -> Bool {
        var backslashes = 0
        var bytes = Array(json.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "\\") {
                backslashes += 1
                continue
            }
            if byte == UInt8(ascii: "u"), backslashes % 2 == 1, bytes.prefix(4).elementsEqual("0000".utf8) {
                return true
            }
            backslashes = 0
        }
        return false
    }
}
