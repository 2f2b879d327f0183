import Foundation

extension SnapshotStore {
    /// Stores a freshly extracted record and the page it came from, as a new version when its content differs.
    ///
    /// Files are written in this order, each atomically, with `latest.json` as the commit point:
    /// `page.html`, then the history version, then `latest.json`, then `http.json`. A run killed part-way
    /// leaves each file old or new; at worst `page.html` or the history is one version ahead of
    /// `latest.json`, and the next save reconciles the history (a history version whose content equals the
    /// record is extended instead of duplicated). Validators go last so they never describe a page whose
    /// record was not stored, which would make a `304 Not Modified` hide a change.
    ///
    /// Everything is read before anything is written: a corrupt `latest.json`, newest history file or
    /// `http.json` makes the save throw with nothing changed. Do not call this for a record that
    /// ``Differ/compare(old:new:)`` found ``Comparison/broken(_:)``: the good snapshot must stay.
    /// - Parameters:
    ///   - record: The record; its `target` names the snapshot folder.
    ///   - page: The raw page bytes the record was extracted from.
    ///   - time: When the page was fetched; becomes `first_seen` / `last_seen`.
    ///   - validators: The response's validators; nil removes stored ones, since they no longer match.
    /// - Returns: Whether this was a baseline, an unchanged sighting or a new version.
    /// - Throws: ``SnapshotError`` for an invalid id, a corrupt or unreadable file, or a failed write (the
    ///   files not yet replaced keep their previous versions).
    @discardableResult
    public func save(_ record: Record, page: [UInt8], at time: Date, validators: CacheValidators?) throws
        -> SaveOutcome
    {
        let paths = try paths(record.target)
        let stored = StoredSnapshot(latest: try readLatest(paths), validators: try readValidators(paths))
        return try save(record, page: page, at: time, validators: validators, stored: stored)
    }

    /// What a caller has just read of a target's snapshot itself, while holding the run's lock, as the check
    /// runner does to diff against it and to send conditional requests: decoding it again in
    /// ``SnapshotStore/save(_:page:at:validators:stored:)`` costs more than the rest of an unchanged save.
    struct StoredSnapshot: Sendable {
        /// The decoded `latest.json`, or nil when there is none.
        var latest: Record?
        /// The decoded `http.json`, or nil when there is none.
        var validators: CacheValidators?
    }

    /// ``save(_:page:at:validators:)`` with `latest.json` and `http.json` as the caller read them.
    func save(_ record: Record, page: [UInt8], at time: Date, validators: CacheValidators?, stored: StoredSnapshot)
        throws -> SaveOutcome
    {
        let paths = try paths(record.target)
        FileIO.removeAbandonedTemporaries(in: paths.folder, names: (try? FileIO.list(paths.folder)) ?? [])
        let previous = stored.latest
        let storedValidators = stored.validators
        let newest = try newestHistoryEntry(paths)
        let stamp = Self.timestamp(time)

        if let previous, previous.hasSameContent(as: record) {
            let version = try recordSighting(of: previous, at: stamp, after: newest, paths: paths)
            if validators != storedValidators { try writeValidators(validators, paths: paths) }
            return .unchanged(version: version)
        }
        try FileIO.makeDirectories(paths.folder, durable: durable)
        try FileIO.writeAtomically(page, to: paths.page, durable: durable)
        let version = try recordSighting(of: record, at: stamp, after: newest, paths: paths)
        try FileIO.writeAtomically(PricewatchJSON.encode(record), to: paths.latest, durable: durable)
        try writeValidators(validators, paths: paths)
        return previous == nil ? .baseline(version: version) : .updated(version: version)
    }

    /// Records that a target's page was seen unchanged without a new record, as after `304 Not Modified`.
    ///
    /// - Returns: The history version whose `last_seen` moved to `time`.
    /// - Throws: ``SnapshotError`` with code ``SnapshotError/Code/missingSnapshot`` when the target has no
    ///   `latest.json`, or for a corrupt file or failed write.
    @discardableResult
    public func markSeen(_ id: String, at time: Date) throws -> Int {
        let paths = try paths(id)
        guard let latest = try readLatest(paths) else { throw SnapshotError.missingSnapshot(id, in: root) }
        let newest = try newestHistoryEntry(paths)
        return try recordSighting(of: latest, at: Self.timestamp(time), after: newest, paths: paths)
    }

    /// The newest sighting recorded outside the history files (this run's, or `last-seen.json`).
    private func sightingNotYetInHistory(of id: String) throws -> String? {
        [sightings.stamp(for: id), try lastSeenIndex()[id]].compactMap { $0 }.max()
    }

    /// Whether an unchanged sighting waits for ``synchronize()`` instead of rewriting the history file.
    private var defersSightings: Bool { durability == .batched }

    /// Replaces a target's stored validators on their own; nil removes them.
    ///
    /// Prefer passing validators to ``save(_:page:at:validators:)``, which orders the writes safely. Store
    /// validators here only for a page whose record is already stored.
    public func saveCacheValidators(_ validators: CacheValidators?, for id: String) throws {
        let paths = try paths(id)
        _ = try readValidators(paths)
        try FileIO.makeDirectories(paths.folder, durable: durable)
        try writeValidators(validators, paths: paths)
    }

    /// Extends the newest history version when it holds the same content, or adds a version after it.
    private func recordSighting(of record: Record, at stamp: String, after newest: HistoryEntry?, paths: TargetPaths)
        throws -> Int
    {
        var entry: HistoryEntry
        if let newest, newest.record.hasSameContent(as: record), defersSightings {
            sightings.record(record.target, at: stamp)
            return newest.version
        }
        if let newest, newest.record.hasSameContent(as: record) {
            entry = newest
            entry.lastSeen = stamp
        } else {
            if var superseded = newest, let seen = try sightingNotYetInHistory(of: record.target),
                seen > superseded.lastSeen
            {
                // The version being superseded was last seen by a batched run: close it with that time.
                superseded.lastSeen = seen
                try FileIO.writeAtomically(
                    PricewatchJSON.encode(superseded), to: paths.historyFile(superseded.version), durable: durable)
            }
            let version = (newest?.version ?? 0) + 1
            entry = HistoryEntry(version: version, firstSeen: stamp, lastSeen: stamp, record: record)
        }
        try FileIO.makeDirectories(paths.historyFolder, durable: durable)
        try FileIO.writeAtomically(
            PricewatchJSON.encode(entry), to: paths.historyFile(entry.version), durable: durable)
        return entry.version
    }

    /// The newest history version; also clears temporary files killed writers left in `history/`.
    private func newestHistoryEntry(_ paths: TargetPaths) throws -> HistoryEntry? {
        let names = try FileIO.list(paths.historyFolder) ?? []
        FileIO.removeAbandonedTemporaries(in: paths.historyFolder, names: names)
        return try Self.historyVersions(in: names).last.map { try readHistoryEntry(paths, version: $0) }
    }

    private func writeValidators(_ validators: CacheValidators?, paths: TargetPaths) throws {
        if let validators {
            try FileIO.writeAtomically(PricewatchJSON.encode(validators), to: paths.http, durable: durable)
        } else {
            try FileIO.remove(paths.http, durable: durable)
        }
    }

    /// ISO 8601 UTC to the second, the form every pricewatch timestamp takes.
    static func timestamp(_ time: Date) -> String {
        Timestamp.string(from: time)
    }
}
