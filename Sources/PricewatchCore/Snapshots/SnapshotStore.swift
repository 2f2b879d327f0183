import Foundation
import PricewatchHTML
import PricewatchJSONCoding
import Synchronization

/// The per-target snapshots pricewatch keeps in a folder (by default `snapshots/`), meant to live in git.
///
/// Each target id (`costbench/kling-api`) gets a folder holding:
/// - `latest.json`: the latest record (`pricewatch.record/1`, pretty JSON, sorted keys);
/// - `page.html`: the raw page that record was extracted from, for `pricewatch reextract`;
/// - `history/000001.json`, `000002.json`, ...: every version whose content differed, each with
///   `first_seen` and `last_seen`; an unchanged run only moves the newest version's `last_seen`, so git
///   shows one changed line, and a change shows as one new file;
/// - `http.json`: the `ETag` / `Last-Modified` of the response, for conditional requests.
///
/// The folder's root holds `last-seen.json` (see ``synchronize()``) and `.index.json`, a deletable cache of
/// what each target's newest files hold (see ``SnapshotIndex``).
///
/// Every file is replaced atomically, so after a crash or `kill -9` each file is either its old or its new
/// version. A file that does not decode is reported as ``SnapshotError/Code/corruptFile`` and never
/// overwritten: ``save(_:page:at:validators:)`` refuses that target until someone fixes it.
///
/// The store holds no state beyond its folder, so it may be used from many tasks at once for different
/// targets. Runs that share a folder coordinate with ``lock(wait:)``.
public struct SnapshotStore: Sendable {
    /// How hard writes work to survive a power failure, not just a killed process.
    public enum Durability: Hashable, Sendable {
        /// fsync each file before renaming it into place and fsync its folder after: survives power loss.
        case synced
        /// Rename without fsync: survives a killed process (the kernel keeps the data) but not power loss.
        /// For benchmarks and throwaway folders.
        case processCrashSafe
        /// Like ``processCrashSafe``, and an unchanged page writes nothing per target: its sighting is kept in
        /// memory and ``SnapshotStore/synchronize()`` records every sighting of the run in one file
        /// (`last-seen.json`) and flushes the run's writes to disk. For runs over many targets.
        case batched
    }

    /// The snapshot folder.
    public let directory: URL
    /// How writes are flushed.
    public let durability: Durability
    /// Sightings of unchanged targets waiting for ``synchronize()`` (batched durability only).
    let sightings = SightingLog()
    /// What `.index.json` and this store's reads and writes say each target's newest files hold.
    let index = SnapshotIndexCache()

    /// Starts reading the snapshot index in the background, so that a run's other start-up work (parsing
    /// `selectors.yml`) overlaps it. Taking the lock afterwards re-reads it if another run changed it meanwhile.
    public func preloadIndex() {
        index.preload(indexPath: indexPath)
    }
    /// `last-seen.json` as last decoded.
    let lastSeenFile = DecodedFile<[String: String]>()
    /// What the store worked around without failing; commands print these as warnings.
    public let warnings = StoreWarnings()

    /// Creates a store over a folder, which need not exist yet.
    ///
    /// - Parameters:
    ///   - directory: The snapshot folder; `snapshots/` in the current directory by default.
    ///   - durability: How writes are flushed; ``Durability/synced`` unless speed matters more than power loss.
    public init(directory: URL = URL(fileURLWithPath: "snapshots"), durability: Durability = .synced) {
        self.directory = directory
        self.durability = durability
    }

    var root: String { directory.path }
    var durable: Bool { durability == .synced }

    /// Checks that a target id can name a snapshot folder, so configuration errors surface before a run.
    ///
    /// - Throws: ``SnapshotError`` with code ``SnapshotError/Code/invalidTargetID`` saying what is wrong.
    public static func validate(targetID id: String) throws {
        try TargetPaths.validate(id)
    }

    func paths(_ id: String) throws -> TargetPaths {
        try TargetPaths(root: root, id: id)
    }

    /// The latest stored record of a target, or nil when the target has none yet.
    ///
    /// - Throws: ``SnapshotError`` for an invalid id, or an unreadable or corrupt `latest.json`.
    public func latest(for id: String) throws -> Record? {
        try readLatest(paths(id))
    }

    /// Whether a target has a `latest.json`, without reading it.
    public func hasLatest(for id: String) throws -> Bool {
        var isDirectory = false
        return FileIO.exists(try paths(id).latest, isDirectory: &isDirectory)
    }

    /// Every stored version of a target, oldest first; empty when the target has none.
    ///
    /// - Throws: ``SnapshotError`` for an invalid id, or an unreadable or corrupt history file.
    public func history(for id: String) throws -> [HistoryEntry] {
        let paths = try paths(id)
        var entries = try historyVersions(paths).map { try readHistoryEntry(paths, version: $0) }
        // A batched run records unchanged sightings in last-seen.json instead of the newest version's file.
        if let seen = lastSeenIndex()[id], let newest = entries.last, seen > newest.lastSeen {
            entries[entries.count - 1].lastSeen = seen
        }
        return entries
    }

    /// The raw bytes of the page the latest record came from, or nil when none is stored.
    public func rawPage(for id: String) throws -> [UInt8]? {
        try FileIO.read(paths(id).page)
    }

    /// The validators stored for a target's page, or nil when there are none.
    ///
    /// Send them only if their ``CacheValidators/url`` is the URL being fetched.
    public func cacheValidators(for id: String) throws -> CacheValidators? {
        try readValidators(paths(id))
    }

    /// The ids of every target with a stored `latest.json`, sorted.
    ///
    /// - Throws: ``SnapshotError`` when a folder cannot be read; a missing snapshot folder means no targets.
    public func targets() throws -> [String] {
        var found: [String] = []
        try collectTargets(in: root, prefix: "", into: &found)
        return found.sorted()
    }

    private func collectTargets(in folder: String, prefix: String, into found: inout [String]) throws {
        for name in try FileIO.list(folder) ?? [] where !name.hasPrefix(".") && name != "history" {
            let path = folder + "/" + name
            var isDirectory = false
            guard FileIO.exists(path, isDirectory: &isDirectory), isDirectory else { continue }
            let id = prefix + name
            if FileIO.exists(path + "/latest.json", isDirectory: &isDirectory) { found.append(id) }
            try collectTargets(in: path, prefix: id + "/", into: &found)
        }
    }

    // MARK: - Reading files

    func readLatest(_ paths: TargetPaths) throws -> Record? {
        try FileIO.read(paths.latest).map { try SnapshotDecoding.decode(Record.self, from: $0, file: paths.latest) }
    }

    func readValidators(_ paths: TargetPaths) throws -> CacheValidators? {
        try FileIO.read(paths.http).map {
            try SnapshotDecoding.decode(CacheValidators.self, from: $0, file: paths.http)
        }
    }

    /// The version numbers present in `history/`, ascending; other files there are ignored.
    func historyVersions(_ paths: TargetPaths) throws -> [Int] {
        Self.historyVersions(in: try FileIO.list(paths.historyFolder) ?? [])
    }

    static func historyVersions(in names: [String]) -> [Int] {
        names.compactMap(TargetPaths.historyVersion(ofFileNamed:)).sorted()
    }

    func readHistoryEntry(_ paths: TargetPaths, version: Int) throws -> HistoryEntry {
        try readHistoryFile(paths, version: version).entry
    }

    /// A history version with the raw bytes of its file.
    func readHistoryFile(_ paths: TargetPaths, version: Int) throws -> (entry: HistoryEntry, bytes: [UInt8]) {
        let file = paths.historyFile(version)
        guard let bytes = try FileIO.read(file) else {
            // Listed a moment ago; only a concurrent deletion gets here.
            throw SnapshotError.readFailed(file, errno: ENOENT)
        }
        let entry = try SnapshotDecoding.decode(HistoryEntry.self, from: bytes, file: file)
        guard entry.version == version else {
            throw SnapshotError.corruptFile(file, "it says version \(entry.version) but its name says \(version)")
        }
        return (entry, bytes)
    }
}

extension SnapshotStore {
    /// Records the run's buffered sightings in `last-seen.json`, what it learned of each target's files in
    /// `.index.json`, and flushes every pending write to disk.
    ///
    /// `check` writes with ``Durability/batched`` and calls this once at the end of the run: one file and
    /// one flush instead of a rewritten history file and two fsyncs per target keeps a 1,000-target run
    /// fast, while a killed process still leaves every file old or new (it loses only that run's
    /// `last_seen` updates, and the next run decodes the files the index does not vouch for). Stores with
    /// other durabilities write the index only here too: rewriting it on every save would make a run's
    /// cost grow with the square of its targets.
    ///
    /// A corrupt or unreadable `last-seen.json` does not stop this: it is moved aside to
    /// `last-seen.json.corrupt` (the history files keep every version; only the `last_seen` times of unchanged
    /// sightings it recorded are lost, and git has them), a fresh one is written, and ``warnings`` says so.
    /// - Throws: ``SnapshotError`` when `last-seen.json` cannot be written.
    public func synchronize() throws {
        var pending = sightings.drain()
        var (lastSeen, damage) = readLastSeen()
        // The kept copy would make the merge below copy every entry: one map of every target's sighting at a
        // time is what the end of a run over many targets holds.
        lastSeenFile.forget()
        if let damage {
            let aside = lastSeenPath + ".corrupt"
            if rename(lastSeenPath, aside) != 0 { throw SnapshotError.writeFailed(aside, errno: errno) }
            warnings.add(
                "\(damage.code == .corruptFile ? "last-seen.json was corrupt" : "\(damage)"): it was moved to \(aside) "
                    + "and written afresh; the history files keep every version")
        }
        if !pending.isEmpty || damage != nil {
            try FileIO.makeDirectories(root, durable: false)
            if lastSeen.count < pending.count { swap(&lastSeen, &pending) }
            for (id, stamp) in pending where lastSeen[id].map({ $0 < stamp }) ?? true { lastSeen[id] = stamp }
            pending = [:]
            if FastPath.json.isOn {
                // Written a member at a time: the tree and the text of 100,000 sightings were 15 MB.
                try FileIO.writeAtomically(to: lastSeenPath, durable: false) { write in
                    JSONValue.writeObject(lastSeen, pretty: true, value: JSONValue.string, to: write)
                }
            } else {
                try FileIO.writeAtomically(PricewatchJSON.encode(lastSeen), to: lastSeenPath, durable: false)
            }
            lastSeen = [:]
        }
        index.write(to: indexPath)
        FileIO.syncFileSystem(containing: root)
    }

    var lastSeenPath: String { root + "/last-seen.json" }

    /// `last-seen.json`: when each target was last seen unchanged by a batched run, by target id; empty when
    /// the file is missing, or corrupt or unreadable (noted once in ``warnings``: the run goes on without it).
    ///
    /// Every new version of a target asks for it, and it names every target: decoding it a hundred times
    /// cost a run more than decoding it once, so the decoded file is kept while its bytes stay the same.
    func lastSeenIndex() -> [String: String] {
        let (lastSeen, damage) = readLastSeen()
        if let damage {
            warnings.addOnce(
                "\(damage) The run goes on without it: the history files keep every version, and the next "
                    + "synchronisation writes a fresh last-seen.json.")
        }
        return lastSeen
    }

    /// `last-seen.json` decoded, or empty with the error that kept it from being read.
    private func readLastSeen() -> (lastSeen: [String: String], damage: SnapshotError?) {
        do {
            let lastSeen = try lastSeenFile.value(at: lastSeenPath) { path in
                if FastPath.json.isOn, let map = PiecewiseText.stringMap(path: path) { return map }
                guard let bytes = try FileIO.read(path) else { return nil }
                return try SnapshotDecoding.decode([String: String].self, from: bytes, file: path)
            }
            return (lastSeen ?? [:], nil)
        } catch let error as SnapshotError {
            return ([:], error)
        } catch {
            return ([:], SnapshotError.corruptFile(lastSeenPath, "\(error)"))
        }
    }
}

/// Problems a store worked around without failing (a damaged `last-seen.json`), for the command to print.
public final class StoreWarnings: Sendable {
    private let messages = Mutex<[String]>([])

    /// The warnings so far, oldest first.
    public var all: [String] { messages.withLock { $0 } }

    func add(_ message: String) {
        messages.withLock { $0.append(message) }
    }

    /// Adds a warning unless the same one was added before (every target's save may meet the same file).
    func addOnce(_ message: String) {
        messages.withLock { if !$0.contains(message) { $0.append(message) } }
    }
}

/// The last decoded version of a file, reused while the file keeps the stat identity it had when it was read
/// (as `.index.json` vouches for snapshot files): every changed target's save asks for `last-seen.json`, and
/// reading its bytes again to compare them cost a run over 100,000 targets 6 MB per changed target.
final class DecodedFile<Value: Sendable>: Sendable {
    private let last = Mutex<(identity: FileIdentity, value: Value)?>(nil)

    /// The value of the file at `path`, nil when there is none: the kept one while the file has the same
    /// identity, else what `read` makes of the file (nil when it does not exist).
    func value(at path: String, read: (String) throws -> Value?) throws -> Value? {
        // Taken before the bytes are read, so a file replaced in between is read again next time.
        let identity = FileIO.identity(path)
        if let identity, let kept = last.withLock({ $0 }), kept.identity == identity { return kept.value }
        guard let value = try read(path) else { return nil }
        if let identity { last.withLock { $0 = (identity, value) } }
        return value
    }

    /// Drops the kept value, as before the file is rewritten.
    func forget() {
        last.withLock { $0 = nil }
    }
}

/// Sightings of unchanged targets that a batched store has not written yet.
final class SightingLog: Sendable {
    private struct State {
        var stamps: [String: String] = [:]
        /// The stamp recorded last, whose text the next equal stamp shares: a run's sightings arrive in time
        /// order and share a few hundred distinct seconds, and a 20-byte stamp is a heap allocation of its own
        /// (about 5 MB for 100,000 targets).
        var lastStamp = ""
    }

    private let state = Mutex(State())

    func record(_ id: String, at stamp: String) {
        state.withLock { state in
            if stamp != state.lastStamp { state.lastStamp = stamp }
            let shared = state.lastStamp
            state.stamps[id] = max(state.stamps[id] ?? shared, shared)
        }
    }

    func stamp(for id: String) -> String? {
        state.withLock { $0.stamps[id] }
    }

    func drain() -> [String: String] {
        state.withLock { state in
            defer { state = State() }
            return state.stamps
        }
    }
}
