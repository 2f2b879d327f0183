import Foundation

/// A target's `latest.json` as a run needs it for comparing: always the content fingerprint, and the
/// decoded record unless `.index.json` vouched for the file, which spares the decoding.
struct LatestSnapshot: Sendable {
    /// The ``Record/contentFingerprint`` of the stored record.
    var fingerprint: SnapshotDigest
    /// The stored record, or nil when it was not decoded.
    var record: Record?

    /// A snapshot of a decoded record.
    init(_ record: Record) {
        fingerprint = record.contentFingerprint
        self.record = record
    }

    /// A snapshot known by its fingerprint, and its record if that was decoded.
    init(fingerprint: SnapshotDigest, record: Record? = nil) {
        self.fingerprint = fingerprint
        self.record = record
    }
}

/// What ``SnapshotStore`` found when it checked a snapshot file against its index entry.
enum IndexedFile {
    /// The entry still describes the file.
    case vouched(SnapshotIndex.FileSummary)
    /// The entry is missing or stale: here is the file, to decode.
    case read(bytes: [UInt8], file: SnapshotDigest, identity: FileIdentity?)
    /// There is no such file.
    case missing
}

extension SnapshotStore {
    var indexPath: String { root + "/.index.json" }

    /// A target's `latest.json`, decoded only when the index cannot vouch for it; nil when there is none.
    ///
    /// - Throws: ``SnapshotError`` for an invalid id, or an unreadable or corrupt `latest.json` (a file
    ///   rewritten since the index saw it never matches its entry, so it is decoded and reported).
    func latestSnapshot(for id: String) throws -> LatestSnapshot? {
        let paths = try paths(id)
        switch try check(paths.latest, against: index.entry(for: id, indexPath: indexPath)?.latest) {
        case .missing:
            return nil
        case .vouched(let summary):
            learnLatest(id, summary)
            return LatestSnapshot(fingerprint: summary.content)
        case .read(let bytes, let file, let identity):
            let snapshot = LatestSnapshot(try SnapshotDecoding.decode(Record.self, from: bytes, file: paths.latest))
            learnLatest(id, .init(file: file, identity: identity, content: snapshot.fingerprint))
            return snapshot
        }
    }

    /// The newest history version and the content fingerprint of its record, when the index vouches for
    /// the file; nil when it cannot (no entry, a newer version, or another file), and the caller decodes.
    ///
    /// Versions are written one after another, so the index's newest is still the newest unless the next
    /// number exists (a run killed before it wrote the index): one `stat` of that name instead of listing
    /// `history/` and reading every name in it, for every unchanged target.
    func vouchedNewestHistory(_ paths: TargetPaths, id: String) throws -> SnapshotIndex.HistorySummary? {
        guard let known = index.entry(for: id, indexPath: indexPath)?.history else { return nil }
        var isDirectory = false
        guard !FileIO.exists(paths.historyFile(known.version + 1), isDirectory: &isDirectory),
            case .vouched(let summary) = try check(paths.historyFile(known.version), against: known.summary)
        else { return nil }
        let vouched = SnapshotIndex.HistorySummary(version: known.version, summary: summary)
        learnNewestHistory(id, vouched)
        return vouched
    }

    /// Checks a file against its index entry: first its stat identity, which spares reading it, then the
    /// digest of its bytes, which still matches after a clone or a copy (the entry then takes the new
    /// identity).
    ///
    /// The identity is taken before the bytes are read, so a file replaced in between is recorded with an
    /// identity that no longer matches, and hashed again next time; never the other way round.
    private func check(_ path: String, against known: SnapshotIndex.FileSummary?) throws -> IndexedFile {
        let identity = FileIO.identity(path)
        if let known, let identity, known.identity == identity { return .vouched(known) }
        guard let bytes = try FileIO.read(path) else { return .missing }
        let file = SnapshotDigest(of: bytes)
        if let known, known.file == file {
            return .vouched(SnapshotIndex.FileSummary(file: file, identity: identity, content: known.content))
        }
        return .read(bytes: bytes, file: file, identity: identity)
    }

    /// Notes what a target's `latest.json` holds, just checked, decoded or written.
    func learnLatest(_ id: String, _ summary: SnapshotIndex.FileSummary) {
        index.learn(id, indexPath: indexPath) { $0.latest = summary }
    }

    /// Notes what a target's newest history file holds, just checked, decoded or written.
    func learnNewestHistory(_ id: String, _ summary: SnapshotIndex.HistorySummary) {
        index.learn(id, indexPath: indexPath) { $0.history = summary }
    }

    /// The index summary of a file this store has just written, with the identity it has now (after the
    /// rename, which changes its status change time). Writers hold the run lock, so it is still our file.
    func summary(ofWritten bytes: some Collection<UInt8>, at path: String, content: SnapshotDigest)
        -> SnapshotIndex.FileSummary
    {
        SnapshotIndex.FileSummary(file: SnapshotDigest(of: bytes), identity: FileIO.identity(path), content: content)
    }
}
