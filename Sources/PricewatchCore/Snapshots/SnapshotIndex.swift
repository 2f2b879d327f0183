import Foundation
import PricewatchHTML
import Synchronization

/// `.index.json` in the snapshot folder: what each target's `latest.json` and newest history file hold, so
/// a run can tell an unchanged page without decoding either (decoding them was a seventh of a run's CPU).
///
/// For each file it keeps the SHA-256 of the file's bytes, the file's stat identity and the
/// ``Record/contentFingerprint`` of the record inside. An entry counts only while the file still has that
/// stat identity (checked first, like git's index, so an unchanged file is not even read) or, failing
/// that, while its bytes still hash to the recorded digest (after a `git clone`, a checkout or a `cp`). The
/// index therefore never vouches for a file it did not see: a missing or stale entry, a hand-edited or
/// half-written file, or a run killed before ``SnapshotStore/synchronize()`` all fall back to decoding the
/// file, with the same results and errors as without an index. One thing the stat shortcut cannot see is
/// bytes that rot on disk behind an unchanged inode and times: such a `latest.json` is reported when the
/// page next changes, instead of at once. The index is a pure cache: deleting it costs one slow run, and
/// an unreadable or corrupt one is ignored and rewritten.
struct SnapshotIndex: Codable, Sendable {
    /// The schema identifier; a file with another one is ignored (and replaced at the next write).
    static let schemaID = "pricewatch.snapshot-index/1"

    var schema = SnapshotIndex.schemaID
    /// Entries by target id.
    var targets: [String: Entry]

    /// What one target's files held when this run (or an earlier one) read or wrote them.
    struct Entry: Codable, Hashable, Sendable {
        /// `latest.json`.
        var latest: FileSummary?
        /// The newest history version's file.
        var history: HistorySummary?
    }

    /// A snapshot file's bytes and the content of the record they hold.
    struct FileSummary: Codable, Hashable, Sendable {
        /// The SHA-256 of the file's bytes.
        var file: SnapshotDigest
        /// The file's stat identity when its bytes were last hashed: while it holds, the file is not even read.
        var identity: FileIdentity?
        /// The ``Record/contentFingerprint`` of its record.
        var content: SnapshotDigest
    }

    /// A history file's version with its ``FileSummary``.
    struct HistorySummary: Codable, Hashable, Sendable {
        /// The version number, which is also the file's name.
        var version: Int
        /// The file's bytes and content.
        var summary: FileSummary
    }

    /// The index in `path`; empty when it is missing, unreadable, corrupt or of another schema, since a
    /// cache that cannot be read only costs speed.
    static func load(from path: String) -> IndexTable {
        if FastPath.index.isOn, let entries = decodedAsWritten(path: path) { return entries }
        guard let bytes = try? FileIO.read(path), !bytes.isEmpty else { return IndexTable() }
        guard let index = try? PricewatchJSON.decoder().decode(SnapshotIndex.self, from: Data(bytes)),
            index.schema == schemaID
        else { return IndexTable() }
        return IndexTable(index.targets)
    }
}

/// The index entries of a store: read from `.index.json` on first use, updated as the run reads and writes
/// snapshot files, and written back by ``SnapshotStore/synchronize()``.
final class SnapshotIndexCache: Sendable {
    private struct State {
        /// Every entry known, nil until first used.
        var entries: IndexTable?
        /// Whether the entries differ from the file's.
        var changed = false
        /// The index file's stat identity when it was read (nil when there was none).
        var readIdentity: FileIdentity?
        /// Whether a thread has been started to read the file.
        var preloading = false
    }

    private let state = Mutex(State())

    /// A target's entry, reading the index file on first use.
    func entry(for id: String, indexPath: String) -> SnapshotIndex.Entry? {
        state.withLock { state in
            Self.loadIfNeeded(&state, indexPath: indexPath)
            return state.entries?[id]
        }
    }

    private static func loadIfNeeded(_ state: inout State, indexPath: String) {
        guard state.entries == nil else { return }
        // The identity is taken before the bytes are read, so a file replaced in between reads as changed.
        state.readIdentity = FileIO.identity(indexPath)
        state.entries = SnapshotIndex.load(from: indexPath)
    }

    /// Starts reading the index file on a thread of its own, once. The first target to need an entry would
    /// otherwise decode it while the other workers wait on the lock: for 1,000 targets, tens of
    /// milliseconds with one core busy, at the start of every run.
    func preload(indexPath: String) {
        let start = state.withLock { state in
            guard !state.preloading, state.entries == nil else { return false }
            state.preloading = true
            return true
        }
        guard start else { return }
        Thread.detachNewThread { [self] in _ = entry(for: "", indexPath: indexPath) }
    }

    /// Forgets the entries when the index file has changed since they were read, which another run can do
    /// while this one waits for the lock; call once the lock is held, before anything is learned.
    func revalidate(indexPath: String) {
        state.withLock { state in
            guard state.entries != nil, !state.changed, FileIO.identity(indexPath) != state.readIdentity else {
                return
            }
            state.entries = nil
        }
    }

    /// Records what a target's files now hold.
    func learn(_ id: String, indexPath: String, _ change: (inout SnapshotIndex.Entry) -> Void) {
        state.withLock { state in
            Self.loadIfNeeded(&state, indexPath: indexPath)
            var entry = state.entries?[id] ?? SnapshotIndex.Entry()
            change(&entry)
            if state.entries?[id] != entry {
                state.entries?[id] = entry
                state.changed = true
            }
        }
    }

    /// Writes every entry known (the file as first read, with what this run learned) to the index file; does
    /// nothing when the run learned nothing.
    ///
    /// A failed write is not an error: the index only saves time, and the next run rebuilds what it lacks.
    func write(to indexPath: String) {
        state.withLock { state in
            guard state.changed, let entries = state.entries else { return }
            do {
                if FastPath.index.isOn {
                    try FileIO.writeAtomically(to: indexPath, durable: false) { SnapshotIndex.write(entries, to: $0) }
                } else {
                    let index = SnapshotIndex(targets: entries.dictionary)
                    try FileIO.writeAtomically(
                        PricewatchJSON.encode(index, pretty: false), to: indexPath, durable: false)
                }
            } catch {
                return
            }
            state.changed = false
        }
    }
}
