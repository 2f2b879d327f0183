import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The journal of changes stored but not yet alerted (`<snapshots>/.pending/`).
///
/// A changed target's entry is written, flushed to disk, as `NAME.prepared` before the new history version and
/// `latest.json`, and renamed to `NAME.json` once they are written: ``save(_:fingerprint:page:at:validators:stored:pending:)``
/// commits a target's new snapshot together with its pending alert. A prepared entry left by a killed run is
/// resolved by ``pendingChanges()`` at the start of the next run: committed when `latest.json` holds the
/// entry's content; committed after finishing the save when only the history version was written (its record
/// becomes `latest.json`, so the history never shows a version that was not alerted); dropped otherwise (nothing
/// was stored, and the next run finds the same change again).
extension SnapshotStore {
    var pendingFolder: String { root + "/.pending" }

    /// The committed pending entries, oldest first, after resolving the prepared ones a killed run left.
    ///
    /// Call it while holding the lock: at the start of a run, before any save, and before alerting.
    /// - Throws: ``SnapshotError`` when the folder cannot be read or an entry is corrupt or cannot be resolved.
    public func pendingChanges() throws -> [PendingChanges] {
        let names = try FileIO.list(pendingFolder) ?? []
        FileIO.removeAbandonedTemporaries(in: pendingFolder, names: names)
        var committed: [PendingChanges] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            if name.hasSuffix(Self.preparedSuffix) {
                let stem = String(name.dropLast(Self.preparedSuffix.count))
                var entry = try readPending(pendingFolder + "/" + name)
                entry.id = stem
                if try isStored(entry) {
                    try commitPending(stem)
                    committed.append(entry)
                } else {
                    try FileIO.remove(pendingFolder + "/" + name, durable: false)
                }
            } else if name.hasSuffix(".json") {
                var entry = try readPending(pendingFolder + "/" + name)
                entry.id = String(name.dropLast(5))
                committed.append(entry)
            }
        }
        return committed.sorted { $0.id < $1.id }
    }

    /// Removes pending entries once their alerts are safely in the outbox.
    ///
    /// - Throws: ``SnapshotError`` when an entry cannot be removed.
    public func removePendingChanges(_ ids: some Sequence<String>) throws {
        for id in ids { try FileIO.remove(pendingFolder + "/" + id + ".json", durable: false) }
    }

    /// Writes a target's pending entry as prepared, flushed to disk whatever the store's durability, before its
    /// snapshot is replaced; returns its name for ``commitPending(_:)``.
    func preparePending(_ entry: PendingChanges) throws -> String {
        let stem =
            entry.recordedAt.filter { $0 != "-" && $0 != ":" } + "-"
            + entry.target.replacingOccurrences(of: "/", with: "+") + "-"
            + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        try FileIO.makeDirectories(pendingFolder, durable: true)
        try FileIO.writeAtomically(
            PricewatchJSON.encode(entry), to: pendingFolder + "/" + stem + Self.preparedSuffix, durable: true)
        return stem
    }

    /// Marks a prepared entry committed, once its snapshot is stored. Not flushed: if the rename is lost, the
    /// next ``pendingChanges()`` commits the entry again from `latest.json`.
    func commitPending(_ stem: String) throws {
        let prepared = pendingFolder + "/" + stem + Self.preparedSuffix
        let committed = pendingFolder + "/" + stem + ".json"
        if rename(prepared, committed) != 0 { throw SnapshotError.writeFailed(committed, errno: errno) }
    }

    /// Drops a prepared entry whose snapshot could not be stored; a leftover is dropped by ``pendingChanges()``.
    func abandonPending(_ stem: String) {
        unlink(pendingFolder + "/" + stem + Self.preparedSuffix)
    }

    private static let preparedSuffix = ".prepared"

    /// Whether a prepared entry's snapshot was stored, finishing a save that a killed run left between the
    /// history version and `latest.json`.
    private func isStored(_ entry: PendingChanges) throws -> Bool {
        if try latestSnapshot(for: entry.target)?.fingerprint == entry.content { return true }
        let paths = try paths(entry.target)
        guard let newest = try newestHistoryEntry(paths, id: entry.target),
            newest.record.contentFingerprint == entry.content
        else { return false }
        let latest = try PricewatchJSON.encode(newest.record)
        try FileIO.writeAtomically(latest, to: paths.latest, durable: durable)
        learnLatest(entry.target, summary(ofWritten: latest, at: paths.latest, content: entry.content))
        return true
    }

    private func readPending(_ path: String) throws -> PendingChanges {
        guard let bytes = try FileIO.read(path) else { throw SnapshotError.readFailed(path, errno: ENOENT) }
        return try SnapshotDecoding.decode(PendingChanges.self, from: bytes, file: path)
    }
}
