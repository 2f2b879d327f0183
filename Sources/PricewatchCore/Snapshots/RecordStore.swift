import Foundation

/// Where pricewatch keeps what it has seen of each target: the latest record, every version with when it was
/// first and last seen, the raw page, and the HTTP validators for conditional requests.
///
/// ``SnapshotStore`` (a folder of files, the default) and the PostgreSQL store conform; one conformance suite
/// runs against both so they cannot drift. A save is all or nothing per target: after a crash a target holds
/// its old state or its new one.
///
/// ```swift
/// let outcome = try store.save(record, page: page, at: Date(), validators: validators)
/// if case .updated(let version) = outcome { print("version \(version) of \(record.target)") }
/// try store.synchronize()  // once, at the end of a run
/// ```
public protocol RecordStore: Sendable {
    /// The latest stored record of a target, or nil when it has none yet.
    func latest(for id: String) throws -> Record?
    /// Every stored version of a target, oldest first, with when each was first and last seen.
    func history(for id: String) throws -> [HistoryEntry]
    /// The raw bytes of the page the latest record came from, or nil.
    func rawPage(for id: String) throws -> [UInt8]?
    /// The validators stored for a target's page, or nil.
    func cacheValidators(for id: String) throws -> CacheValidators?
    /// The ids of every target with a stored record, sorted.
    func targets() throws -> [String]
    /// Stores a record and its page: a new version when its content differs, else a sighting of the newest.
    ///
    /// `pending`, the changes to alert, commits together with the new version: a change is never stored without
    /// its alert, nor alerted without being stored. `contentHash` is the record's ``Record/contentHash`` as the
    /// caller computed it (to compare with ``latestContent(for:)``), so that the store does not hash it again.
    /// Never call it for a record ``Differ/compare(old:new:)`` found broken: the good snapshot must stay.
    /// - Throws: When the stored data for the target is corrupt or cannot be written; nothing is changed.
    @discardableResult
    func save(
        _ record: Record, contentHash: [UInt8], page: [UInt8], at time: Date, validators: CacheValidators?,
        pending: PendingChanges?
    ) throws -> SaveOutcome
    /// The content hash of a target's latest record, and the record itself when the store had to decode it to
    /// vouch for the hash; nil when the target has none.
    ///
    /// An unchanged page then costs no decoding: the folder store's `.index.json` and the database's
    /// `content_hash` column vouch for the hash of a record they wrote.
    /// - Throws: When the stored record is corrupt (a hash that no longer vouches for it, so it was decoded).
    func latestContent(for id: String) throws -> StoredContent?
    /// Whether a target has a latest record, without decoding it.
    func hasLatest(for id: String) throws -> Bool
    /// Records that a target's page was seen unchanged without a new record (`304 Not Modified`).
    ///
    /// - Returns: The version whose `last_seen` moved to `time`.
    @discardableResult
    func markSeen(_ id: String, at time: Date) throws -> Int
    /// Makes the run's writes durable; called once at the end of a run.
    func synchronize() throws
    /// The targets whose latest check failed, by id, with since when (a failed check keeps the good record,
    /// so the record alone cannot tell that a page has been broken for a week).
    func failures() throws -> [String: TargetFailure]
}

/// What ``RecordStore/latestContent(for:)`` knows of a target's latest record.
public struct StoredContent: Sendable, Hashable {
    /// The record's ``Record/contentHash`` (32 bytes).
    public var contentHash: [UInt8]
    /// The record, when the store decoded it; nil when the store vouched for the hash without decoding.
    public var record: Record?

    /// Pairs a hash with the record, if it was decoded.
    public init(contentHash: [UInt8], record: Record?) {
        self.contentHash = contentHash
        self.record = record
    }
}

extension RecordStore {
    /// ``save(_:contentHash:page:at:validators:pending:)`` hashing the record itself, committing `pending` (nil:
    /// no alerts) with it.
    @discardableResult
    public func save(
        _ record: Record, page: [UInt8], at time: Date, validators: CacheValidators?, pending: PendingChanges? = nil
    ) throws -> SaveOutcome {
        try save(
            record, contentHash: record.contentHash, page: page, at: time, validators: validators, pending: pending)
    }
}

extension SnapshotStore: RecordStore {
    @discardableResult
    public func save(
        _ record: Record, contentHash: [UInt8], page: [UInt8], at time: Date, validators: CacheValidators?,
        pending: PendingChanges?
    ) throws -> SaveOutcome {
        let stored = StoredSnapshot(
            latest: try latestSnapshot(for: record.target), validators: try readValidators(paths(record.target)))
        return try save(
            record, fingerprint: SnapshotDigest(digest: contentHash) ?? record.contentFingerprint, page: page, at: time,
            validators: validators, stored: stored, pending: pending)
    }

    public func latestContent(for id: String) throws -> StoredContent? {
        try latestSnapshot(for: id).map { StoredContent(contentHash: $0.fingerprint.bytes, record: $0.record) }
    }
}

extension Record {
    /// The SHA-256 of the record's content (everything but ``fetchedAt``): equal for two records exactly when
    /// they say the same thing, so a store compares these instead of records.
    public var contentHash: [UInt8] { contentFingerprint.bytes }
}
