import Foundation
import PricewatchHTML

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
    /// `http.json` makes the save throw with nothing changed. When `.index.json` vouches that `latest.json`
    /// and the newest history file hold this record's content (their bytes hash to what this store wrote or
    /// read, so neither can be corrupt), a batched store decodes neither; see ``SnapshotIndex``.
    /// Do not call this for a record that
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
        let stored = StoredSnapshot(
            latest: try latestSnapshot(for: record.target), validators: try readValidators(paths(record.target)))
        return try save(
            record, fingerprint: record.contentFingerprint, page: page, at: time, validators: validators,
            stored: stored)
    }

    /// What a caller has just read of a target's snapshot itself, while holding the run's lock, as the check
    /// runner does to diff against it and to send conditional requests: decoding it again in
    /// ``SnapshotStore/save(_:fingerprint:page:at:validators:stored:)`` costs more than the rest of an
    /// unchanged save.
    struct StoredSnapshot: Sendable {
        /// `latest.json` (decoded or vouched for by the index), or nil when there is none.
        var latest: LatestSnapshot?
        /// The decoded `http.json`, or nil when there is none.
        var validators: CacheValidators?
        /// Whether the target's folder did not exist when the run read `http.json` (see
        /// ``SnapshotStore/validatorsNotingNewFolder(for:)``): then there is nothing to read or clear up, and a
        /// first run makes each folder with one `mkdir` instead of five failed opens and `stat`s per target.
        var folderMissing = false
    }

    /// A target's stored `http.json`, and whether its folder is missing altogether, which the run's lock
    /// keeps true until this run's save of the target makes it.
    ///
    /// Only a target without `http.json` pays for the second question (one `stat`), so an unchanged run's
    /// targets make no more calls than before.
    /// - Throws: ``SnapshotError`` for an invalid id or a corrupt or unreadable `http.json`.
    func validatorsNotingNewFolder(for id: String) throws -> (validators: CacheValidators?, folderMissing: Bool) {
        let paths = try paths(id)
        if let validators = try readValidators(paths) { return (validators, false) }
        var isDirectory = false
        return (nil, !FileIO.exists(paths.folder, isDirectory: &isDirectory))
    }

    /// ``save(_:page:at:validators:)`` with the record's ``Record/contentFingerprint`` and with
    /// `latest.json` and `http.json` as the caller read them; with `pending`, the changes to alert are committed
    /// together with the new snapshot (see ``pendingChanges()``).
    func save(
        _ record: Record, fingerprint: SnapshotDigest, page: [UInt8], at time: Date, validators: CacheValidators?,
        stored: StoredSnapshot, pending: PendingChanges? = nil
    ) throws -> SaveOutcome {
        let paths = try paths(record.target)
        let stamp = Timestamp.string(from: time)
        var stored = stored
        // A folder that appeared since it was found missing (the same id checked twice, or a nested target's
        // folder made inside it) is read as usual.
        if stored.folderMissing, try !FileIO.makeDirectory(paths.folder, durable: durable) {
            stored = StoredSnapshot(
                latest: try latestSnapshot(for: record.target), validators: try readValidators(paths))
        }
        if stored.latest?.fingerprint == fingerprint,
            let version = try sightingWithoutDecoding(record.target, fingerprint: fingerprint, at: stamp, paths: paths)
        {
            if validators != stored.validators { try writeValidators(validators, paths: paths) }
            return .unchanged(version: version)
        }
        // Temporary files a killed writer left are cleared by the next save that goes past the shortcut
        // above: listing every unchanged target's folders cost more than the rest of its save.
        for folder in [paths.folder, paths.historyFolder] where !stored.folderMissing {
            FileIO.removeAbandonedTemporaries(in: folder, names: (try? FileIO.list(folder)) ?? [])
        }
        // The index did not vouch for everything: decode what the write needs, before writing anything.
        let previous = try stored.latest.flatMap { try $0.record ?? readLatest(paths) }
        if let previous, previous.hasSameContent(as: record) {
            let newest = try newestHistoryEntry(paths, id: record.target)
            let version = try recordSighting(
                of: previous, fingerprint: previous.contentFingerprint, at: stamp, after: newest, paths: paths
            ).version
            if validators != stored.validators { try writeValidators(validators, paths: paths) }
            return .unchanged(version: version)
        }
        // A new version needs only the number of the newest one, which the index knows, unless that one holds
        // this content (a run killed before writing latest.json left it) or a batched run's later sighting
        // must close it: only then is its file decoded.
        let known = stored.folderMissing ? nil : try vouchedNewestHistory(paths, id: record.target)
        let needsNewest =
            !stored.folderMissing
            && (known == nil || known?.summary.content == fingerprint
                || sightingNotYetInHistory(of: record.target) != nil)
        let newest = needsNewest ? try newestHistoryEntry(paths, id: record.target) : nil
        if !stored.folderMissing { try FileIO.makeDirectories(paths.folder, durable: durable) }
        try FileIO.writeAtomically(page, to: paths.page, durable: durable)
        // The pending alert is on disk before the history version and the snapshot that record its changes: a
        // run killed in between leaves a prepared entry that the next run resolves (see pendingChanges()).
        let pendingEntry = try pending.map(preparePending)
        let version: Int
        let latest: Data
        do {
            let sighting =
                if newest == nil, let known {
                    try addVersion(known.version + 1, of: record, fingerprint: fingerprint, at: stamp, paths: paths)
                } else {
                    try recordSighting(of: record, fingerprint: fingerprint, at: stamp, after: newest, paths: paths)
                }
            version = sighting.version
            latest = try sighting.latest ?? PricewatchJSON.encode(record)
            try FileIO.writeAtomically(latest, to: paths.latest, durable: durable)
        } catch {
            pendingEntry.map(abandonPending)
            throw error
        }
        // A failed rename leaves the entry prepared, and pendingChanges() commits it from latest.json.
        if let pendingEntry { try? commitPending(pendingEntry) }
        learnLatest(record.target, summary(ofWritten: latest, at: paths.latest, content: fingerprint))
        // Validators equal to the stored ones (often only the charset) would be written with the same bytes.
        if validators != stored.validators { try writeValidators(validators, paths: paths) }
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
        guard let latest = try latestSnapshot(for: id) else { throw SnapshotError.missingSnapshot(id, in: root) }
        let stamp = Timestamp.string(from: time)
        if let version = try sightingWithoutDecoding(id, fingerprint: latest.fingerprint, at: stamp, paths: paths) {
            return version
        }
        guard let record = try latest.record ?? readLatest(paths) else {
            throw SnapshotError.missingSnapshot(id, in: root)
        }
        return try recordSighting(
            of: record, fingerprint: latest.fingerprint, at: stamp, after: newestHistoryEntry(paths, id: id),
            paths: paths
        ).version
    }

    /// Notes an unchanged sighting for ``synchronize()`` when the index vouches that the newest history
    /// version holds this content, which a batched store needs to know and nothing more: neither
    /// `latest.json` nor the history file is decoded. Returns nil when the caller must take the slow path.
    private func sightingWithoutDecoding(
        _ id: String, fingerprint: SnapshotDigest, at stamp: String, paths: TargetPaths
    )
        throws -> Int?
    {
        guard defersSightings, let newest = try vouchedNewestHistory(paths, id: id),
            newest.summary.content == fingerprint
        else { return nil }
        sightings.record(id, at: stamp)
        return newest.version
    }

    /// The newest sighting recorded outside the history files (this run's, or `last-seen.json`).
    private func sightingNotYetInHistory(of id: String) -> String? {
        [sightings.stamp(for: id), lastSeenIndex()[id]].compactMap { $0 }.max()
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
    /// `fingerprint` is `record`'s ``Record/contentFingerprint``, which the callers have already.
    private func recordSighting(
        of record: Record, fingerprint: SnapshotDigest, at stamp: String, after newest: HistoryEntry?,
        paths: TargetPaths
    ) throws -> Sighting {
        if let newest, newest.record.hasSameContent(as: record) {
            if defersSightings {
                sightings.record(record.target, at: stamp)
                return (newest.version, nil)
            }
            var entry = newest
            entry.lastSeen = stamp
            try writeHistory(
                entry, text: PricewatchJSON.encode(entry), content: entry.record.contentFingerprint, paths: paths)
            return (entry.version, nil)
        }
        if var superseded = newest, let seen = sightingNotYetInHistory(of: record.target),
            seen > superseded.lastSeen
        {
            // The version being superseded was last seen by a batched run: close it with that time.
            superseded.lastSeen = seen
            try FileIO.writeAtomically(
                PricewatchJSON.encode(superseded), to: paths.historyFile(superseded.version), durable: durable)
        }
        return try addVersion(
            (newest?.version ?? 0) + 1, of: record, fingerprint: fingerprint, at: stamp, paths: paths)
    }

    /// A history version written or extended, with the `latest.json` text of the record when the version is
    /// new and holds it (from the same encoding of the record).
    private typealias Sighting = (version: Int, latest: Data?)

    /// Writes `record` as history version `version`, first and last seen at `stamp`.
    private func addVersion(
        _ version: Int, of record: Record, fingerprint: SnapshotDigest, at stamp: String, paths: TargetPaths
    ) throws -> Sighting {
        let entry = HistoryEntry(version: version, firstSeen: stamp, lastSeen: stamp, record: record)
        let texts = try entry.texts()
        try writeHistory(entry, text: texts.history, content: fingerprint, paths: paths)
        return (version, texts.latest)
    }

    /// Writes a history file, `text` being the entry's JSON, and notes it in the index.
    private func writeHistory(_ entry: HistoryEntry, text: Data, content: SnapshotDigest, paths: TargetPaths) throws {
        try FileIO.makeDirectories(paths.historyFolder, durable: durable)
        try FileIO.writeAtomically(text, to: paths.historyFile(entry.version), durable: durable)
        let written = summary(ofWritten: text, at: paths.historyFile(entry.version), content: content)
        learnNewestHistory(entry.record.target, .init(version: entry.version, summary: written))
    }

    /// The newest history version, decoded (and noted in the index); also clears temporary files killed
    /// writers left in `history/`.
    func newestHistoryEntry(_ paths: TargetPaths, id: String) throws -> HistoryEntry? {
        let names = try FileIO.list(paths.historyFolder) ?? []
        FileIO.removeAbandonedTemporaries(in: paths.historyFolder, names: names)
        guard let version = Self.historyVersions(in: names).last else { return nil }
        let identity = FileIO.identity(paths.historyFile(version))  // before reading: see check(_:against:)
        let (entry, bytes) = try readHistoryFile(paths, version: version)
        let summary = SnapshotIndex.FileSummary(
            file: SnapshotDigest(of: bytes), identity: identity, content: entry.record.contentFingerprint)
        learnNewestHistory(id, .init(version: version, summary: summary))
        return entry
    }

    private func writeValidators(_ validators: CacheValidators?, paths: TargetPaths) throws {
        if let validators {
            try FileIO.writeAtomically(PricewatchJSON.encode(validators), to: paths.http, durable: durable)
        } else {
            try FileIO.remove(paths.http, durable: durable)
        }
    }
}
