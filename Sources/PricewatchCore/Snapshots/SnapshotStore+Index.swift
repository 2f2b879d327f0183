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

    /// A snapshot known only by its fingerprint.
    init(fingerprint: SnapshotDigest) {
        self.fingerprint = fingerprint
        record = nil
    }
}

extension SnapshotStore {
    var indexPath: String { root + "/.index.json" }

    /// A target's `latest.json`, decoded only when the index cannot vouch for its bytes; nil when there is none.
    ///
    /// - Throws: ``SnapshotError`` for an invalid id, or an unreadable or corrupt `latest.json` (a corrupt
    ///   file never matches its digest, so it is always decoded and reported).
    func latestSnapshot(for id: String) throws -> LatestSnapshot? {
        let paths = try paths(id)
        guard let bytes = try FileIO.read(paths.latest) else { return nil }
        let digest = SnapshotDigest(of: bytes)
        if let known = index.entry(for: id, indexPath: indexPath)?.latest, known.file == digest {
            return LatestSnapshot(fingerprint: known.content)
        }
        let snapshot = LatestSnapshot(try SnapshotDecoding.decode(Record.self, from: bytes, file: paths.latest))
        learnLatest(id, file: digest, content: snapshot.fingerprint)
        return snapshot
    }

    /// The newest history version and the content fingerprint of its record, when the index vouches for
    /// the file; nil when it cannot (no entry, a newer version, or other bytes), and the caller decodes.
    /// Also clears temporary files killed writers left in `history/`.
    func vouchedNewestHistory(_ paths: TargetPaths, id: String) throws -> SnapshotIndex.HistorySummary? {
        guard let known = index.entry(for: id, indexPath: indexPath)?.history else { return nil }
        let names = try FileIO.list(paths.historyFolder) ?? []
        FileIO.removeAbandonedTemporaries(in: paths.historyFolder, names: names)
        guard Self.historyVersions(in: names).last == known.version,
            let bytes = try FileIO.read(paths.historyFile(known.version)), SnapshotDigest(of: bytes) == known.file
        else { return nil }
        return known
    }

    /// Notes what a target's `latest.json` holds, just written or decoded: the digest of its bytes and the
    /// fingerprint of its record.
    func learnLatest(_ id: String, file: SnapshotDigest, content: SnapshotDigest) {
        index.learn(id, indexPath: indexPath) { $0.latest = SnapshotIndex.FileSummary(file: file, content: content) }
    }

    /// Notes what a target's newest history file holds, just written or decoded.
    func learnNewestHistory(_ id: String, version: Int, file: SnapshotDigest, content: SnapshotDigest) {
        index.learn(id, indexPath: indexPath) {
            $0.history = SnapshotIndex.HistorySummary(version: version, file: file, content: content)
        }
    }
}
