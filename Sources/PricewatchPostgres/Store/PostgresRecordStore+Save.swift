import Foundation
import PricewatchCore

extension PostgresRecordStore {
    /// One call of `pricewatch.save_version`, one transaction holding the target's row lock: the new version,
    /// the page, the validators and the pending changes commit together, so a killed runner leaves the old
    /// state or the new one.
    ///
    /// The newest stored version is compared here, in Swift: the one a claimed batch read ahead (see
    /// ``readAhead(_:)``), else one read now; its record is decoded only when its stored hash cannot vouch for
    /// it. The function saves only if that version is still the newest; otherwise (another runner saved the
    /// target meanwhile) it is read again. A claimed target seen unchanged with the same validators writes
    /// nothing now: its sighting commits with its batch's finish (see ``noteSighting(_:contentHash:validators:at:)``).
    @discardableResult
    public func save(
        _ record: Record, contentHash: [UInt8], page: [UInt8], at time: Date, validators: CacheValidators?,
        pending: PendingChanges?
    ) throws -> SaveOutcome {
        let id = record.target
        if pending == nil,
            let version = try noteSighting(id, contentHash: contentHash, validators: .some(validators), at: time)
        {
            return .unchanged(version: version)
        }
        let stamp = try PostgresValue.text(Timestamp.string(from: time))
        // Encoded only for a new version: an unchanged target's save moves `last_seen` and needs neither the
        // record nor the page (nor the pending change, which an unchanged record cannot have).
        func encodeChange() throws -> [PostgresValue?] {
            let recordJSON = String(decoding: try PricewatchJSON.encode(record), as: UTF8.self)
            // jsonb turns the escape back into a NUL character, which no PostgreSQL text can hold: refuse the
            // save with a message, rather than let the server fail it obscurely or store the text changed.
            guard !Self.holdsNULEscape(recordJSON) else { throw PostgresError.nulInRecord(location, target: id) }
            let pendingJSON = try pending.map { String(decoding: try PricewatchJSON.encode($0), as: UTF8.self) }
            return [try .text(recordJSON), .bytes(page), try pendingJSON.map(PostgresValue.text)]
        }
        let validatorValues: [PostgresValue?] = [
            .boolean(validators != nil), try validators?.url.map(PostgresValue.text),
            try validators?.etag.map(PostgresValue.text), try validators?.lastModified.map(PostgresValue.text),
            try validators?.charset.map(PostgresValue.text),
        ]
        return try withNewest(id) { newest, connection in
            let change = newest?.contentHash == contentHash ? [nil, nil, nil] : try encodeChange()
            let parameters: [PostgresValue?] =
                [
                    try .text(id), .integer(newest?.version ?? 0), newest?.contentHash.map(PostgresValue.bytes),
                    change[0], .bytes(contentHash), stamp, change[1],
                ] + validatorValues + [change[2]]
            let rows = try connection.query(
                """
                SELECT outcome, saved_version FROM pricewatch.save_version(
                    $1, $2::integer, $3, $4::jsonb, $5, $6::timestamptz, $7, $8::boolean, $9, $10, $11, $12, $13)
                """, parameters)
            let version = rows.integer(0, 1) ?? 0
            switch rows.string(0, 0) {
            case "unchanged": return .unchanged(version: version)
            case "baseline": return .baseline(version: version)
            case "updated": return .updated(version: version)
            default: return nil
            }
        }
    }

    @discardableResult
    public func markSeen(_ id: String, at time: Date) throws -> Int {
        if let version = try noteSighting(id, contentHash: nil, validators: nil, at: time) { return version }
        let stamp = try PostgresValue.text(Timestamp.string(from: time))
        return try withNewest(id) { newest, connection in
            guard let newest else { throw PostgresError.missingSnapshot(location, target: id) }
            let rows = try connection.query(
                "SELECT outcome FROM pricewatch.mark_seen($1, $2::integer, $3::timestamptz)",
                [.text(id), .integer(newest.version), stamp])
            return rows.string(0, 0) == "unchanged" ? newest.version : nil
        }
    }

    /// Runs `attempt` with the target's newest version as last read, until it does not find the version stale
    /// (returns nil): another runner saved the target in between, so its newest version is read again.
    private func withNewest<Result>(
        _ id: String, _ attempt: (NewestVersion?, PostgresConnection) throws -> Result?
    ) throws -> Result {
        let readAhead = try takeReadAhead(id)
        return try withConnection { connection in
            var newest = try readAhead ?? self.newest(id, connection)
            for _ in 0..<Self.staleAttempts {
                if let result = try attempt(newest, connection) { return result }
                newest = try self.newest(id, connection)
            }
            throw PostgresError(
                .queryFailed,
                "'\(id)' in \(location) got a new version from another runner at each of \(Self.staleAttempts) "
                    + "attempts to save it; nothing was saved. Check that no other program writes its versions.")
        }
    }

    /// How often a save reads the newest version again before giving up.
    private static let staleAttempts = 5

    /// The newest version of a target as a save needs it.
    struct NewestVersion {
        let version: Int
        /// Its content hash; nil when the hash disagrees with its record (edited by hand), so that the next
        /// save counts as a change, never as a sighting.
        let contentHash: [UInt8]?
    }

    /// Reads a target's newest version, decoding its record only when its stored hash cannot vouch for it, so
    /// that a corrupt record stops the save.
    func newest(_ id: String, _ connection: PostgresConnection) throws -> NewestVersion? {
        let rows = try connection.query(
            """
            SELECT version, content_hash, \(Self.recordUnlessVouched) FROM pricewatch.record_versions
            WHERE target_id = $1 ORDER BY version DESC LIMIT 1
            """, [.text(id)])
        guard rows.count == 1 else { return nil }
        let stored = StoredNewest(
            version: rows.integer(0, 0) ?? 0, contentHash: rows.bytes(0, 1), record: rows.string(0, 2))
        return try newestVersion(id, stored)
    }

    /// The newest version for a save: its stored hash when that vouches for the record, else the record
    /// decoded (throwing for a corrupt one) and its hash kept only if the record agrees with it.
    func newestVersion(_ id: String, _ stored: StoredNewest) throws -> NewestVersion {
        if let checked = stored.checked { return checked }
        if let hash = Self.vouching(stored.contentHash) {
            return NewestVersion(version: stored.version, contentHash: hash)
        }
        return try checked(id, version: stored.version, contentHash: stored.contentHash, record: stored.record).newest
    }

    /// Decodes a stored record (throwing for a corrupt one) and pairs its version with its hash if they agree.
    func checked(_ id: String, version: Int, contentHash: [UInt8]?, record: String?) throws
        -> (record: Record, newest: NewestVersion)
    {
        let stored = try decodeRecord(record, target: id, version: version)
        let hash = contentHash == stored.contentHash ? contentHash : nil
        return (stored, NewestVersion(version: version, contentHash: hash))
    }

    /// A stored content hash that vouches for its record without decoding it: one of 32 bytes. Since
    /// migration 5 a change of a stored record that leaves its hash alone clears the hash (a trigger), so a
    /// record edited by hand, or damaged, is decoded and checked again.
    static func vouching(_ hash: [UInt8]?) -> [UInt8]? {
        guard let hash, hash.count == 32 else { return nil }
        return hash
    }

    /// The select-list expression for `record_versions.record` as text, only where `content_hash` cannot vouch
    /// for it (see ``vouching(_:)``): a vouched record is neither converted to text by the server nor sent.
    static let recordUnlessVouched =
        "CASE WHEN content_hash IS NULL OR length(content_hash) <> 32 THEN record::text END"

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
