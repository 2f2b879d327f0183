import PricewatchCore

extension PostgresRecordStore {
    /// What one query read ahead for a target of a claimed batch: its validators and its newest version.
    struct ReadAhead {
        var validators: CacheValidators?
        var newest: StoredNewest?
    }

    /// A target's newest version as read, its record still text until something asks for it.
    struct StoredNewest {
        let version: Int
        let contentHash: [UInt8]?
        /// The record as text; read only when `contentHash` cannot vouch for it (see ``vouching(_:)``).
        let record: String?
        /// The version with its hash checked against its record, once ``latest(for:)`` decoded it.
        var checked: NewestVersion?
    }

    /// Reads the validators and the newest version of every target of a claimed batch in one query, so that
    /// checking each target needs one round trip to the server (its save) instead of four.
    ///
    /// What was read serves ``cacheValidators(for:)``, ``hasLatest(for:)``, ``latest(for:)`` and the next save
    /// of each target, until that save or ``forget(_:)``. A runner holds the batch's leases meanwhile, so no
    /// other runner saves these targets; if one did (a lease that expired), the save finds its version stale
    /// and reads it again.
    /// - Throws: ``PostgresError`` when the query fails; nothing is read ahead then.
    public func readAhead(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        let rows = try withConnection { connection in
            try connection.query(
                """
                SELECT t.id, v.version, v.content_hash, v.record, val.target_id IS NOT NULL,
                    val.url, val.etag, val.last_modified, val.charset
                FROM unnest($1::text[]) AS t (id)
                LEFT JOIN LATERAL (
                    SELECT r.version, r.content_hash, \(Self.recordUnlessVouched) AS record
                    FROM pricewatch.record_versions r
                    WHERE r.target_id = t.id ORDER BY r.version DESC LIMIT 1) v ON true
                LEFT JOIN pricewatch.validators val ON val.target_id = t.id
                """, [.textArray(ids)])
        }
        var read: [String: ReadAhead] = [:]
        for row in 0..<rows.count {
            guard let id = rows.string(row, 0) else { continue }
            let newest = rows.integer(row, 1).map { version in
                StoredNewest(version: version, contentHash: rows.bytes(row, 2), record: rows.string(row, 3))
            }
            let validators =
                rows.string(row, 4) == "t"
                ? CacheValidators(
                    url: rows.string(row, 5), etag: rows.string(row, 6), lastModified: rows.string(row, 7),
                    charset: rows.string(row, 8)) : nil
            read[id] = ReadAhead(validators: validators, newest: newest)
        }
        readAheads.withLock { $0.merge(read) { $1 } }
    }

    /// Drops what was read ahead for these targets (their batch is done).
    public func forget(_ ids: [String]) {
        readAheads.withLock { stored in
            for id in ids { stored[id] = nil }
        }
    }

    /// What ``latestContent(for:)`` answers for a newest version as read: the stored hash when it vouches for
    /// the record, else the record decoded.
    func storedContent(_ id: String, _ newest: StoredNewest) throws -> StoredContent {
        if newest.checked == nil, let hash = Self.vouching(newest.contentHash) {
            return StoredContent(contentHash: hash, record: nil)
        }
        let record = try latestReadAhead(id, newest)
        return StoredContent(contentHash: record.contentHash, record: record)
    }

    /// What was read ahead for a target, if anything.
    func readAhead(for id: String) -> ReadAhead? {
        readAheads.withLock { $0[id] }
    }

    /// The latest record as read ahead, decoded; remembers that it decoded, for the save.
    func latestReadAhead(_ id: String, _ newest: StoredNewest) throws -> Record {
        let (record, checked) = try checked(
            id, version: newest.version, contentHash: newest.contentHash, record: newest.record)
        readAheads.withLock { $0[id]?.newest?.checked = checked }
        return record
    }

    /// Takes what was read ahead of a target's newest version for its save, checking the record: nil when
    /// nothing was, `.some(nil)` when the target has no version.
    func takeReadAhead(_ id: String) throws -> NewestVersion?? {
        guard let ahead = readAheads.withLock({ $0.removeValue(forKey: id) }) else { return nil }
        guard let newest = ahead.newest else { return .some(nil) }
        return try newestVersion(id, newest)
    }
}
