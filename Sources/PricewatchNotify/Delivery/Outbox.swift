import Foundation
import PricewatchCore

#if canImport(Glibc)
    import Glibc
#endif

/// Undelivered alerts kept on disk (`snapshots/.outbox/`) so an alert survives a dead webhook or a
/// crash and is sent at the start of the next run.
///
/// Every alert is written here before it is sent and removed only after a 2xx answer, so none is
/// lost; files are written atomically (temporary file, fsync, rename) so a crash never leaves half a file.
/// A file holds one alert, or a batch: the alerts made from a run's pending changes, with the ids of the
/// pending entries they report (see ``coveredChanges()``), written in one rename so that all of them or
/// none are queued.
public struct Outbox: Sendable {
    /// One stored alert and the file holding it.
    public struct Entry: Sendable, Hashable {
        /// Identifies the delivery (`X-Pricewatch-Delivery`), the same on every attempt: the file name for a
        /// file of one alert, `<file stem>-<random>-<n>` for the n-th alert of a batch.
        public let id: String
        /// The stored alert.
        public let alert: Alert
        /// The name of the file holding it.
        let file: String
    }

    /// A batch file: alerts with their delivery ids, and the pending change entries they report.
    private struct Batch: Codable {
        struct Item: Codable {
            var delivery: String
            var alert: Alert
        }
        var alerts: [Item]
        var changes: [String]
    }

    /// The folder holding the entries.
    public let directory: URL

    /// The outbox inside a snapshots folder.
    public init(snapshotsDirectory: URL) {
        self.directory = snapshotsDirectory.appendingPathComponent(".outbox", isDirectory: true)
    }

    /// Stores an alert and returns its entry.
    ///
    /// - Throws: ``NotifyError`` when the folder or file cannot be written.
    public func add(_ alert: Alert, at date: Date = Date()) throws(NotifyError) -> Entry {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let data = try PricewatchJSON.encode(alert)
            let stamp = Self.fileStamp(date)
            var sequence = 1
            while FileManager.default.fileExists(atPath: file(named: "\(stamp)-\(sequence).json").path) {
                sequence += 1
            }
            let id = "\(stamp)-\(sequence).json"
            try writeAtomically(data, to: file(named: id))
            return Entry(id: id, alert: alert, file: id)
        } catch let error as NotifyError {
            throw error
        } catch {
            throw NotifyError(
                "cannot write the alert outbox at \(directory.path) (\(error.localizedDescription)); check the snapshots folder is writable"
            )
        }
    }

    /// Stores alerts as one batch file, with the ids of the pending change entries they report, so that a
    /// crash before those entries are removed does not queue them twice (see ``coveredChanges()``).
    ///
    /// - Throws: ``NotifyError`` when the folder or file cannot be written; then nothing was queued.
    @discardableResult
    public func add(_ alerts: [Alert], covering changes: [String], at date: Date = Date()) throws(NotifyError)
        -> [Entry]
    {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let stamp = Self.fileStamp(date)
            var sequence = 1
            while FileManager.default.fileExists(atPath: file(named: "\(stamp)-\(sequence).json").path) {
                sequence += 1
            }
            let name = "\(stamp)-\(sequence).json"
            // The random part keeps ids unique once the file is gone and its name is taken again.
            let batch = "\(stamp)-\(sequence)-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let items = alerts.enumerated().map { Batch.Item(delivery: "\(batch)-\($0 + 1)", alert: $1) }
            try writeAtomically(PricewatchJSON.encode(Batch(alerts: items, changes: changes)), to: file(named: name))
            return items.map { Entry(id: $0.delivery, alert: $0.alert, file: name) }
        } catch let error as NotifyError {
            throw error
        } catch {
            throw NotifyError(
                "cannot write the alert outbox at \(directory.path) (\(error.localizedDescription)); check the snapshots folder is writable"
            )
        }
    }

    /// The ids of the pending change entries that queued batches report: entries a crash kept from being
    /// removed after their alerts were queued, which must not be queued again.
    public func coveredChanges() throws(NotifyError) -> Set<String> {
        var covered: Set<String> = []
        for name in try fileNames() {
            if case .batch(let batch) = try read(name) { covered.formUnion(batch.changes) }
        }
        return covered
    }

    /// The stored entries, oldest first; none when the outbox does not exist yet.
    ///
    /// - Throws: ``NotifyError`` naming a file that is not a stored alert.
    public func entries() throws(NotifyError) -> [Entry] {
        var entries: [Entry] = []
        for name in try fileNames() {
            switch try read(name) {
            case .single(let alert): entries.append(Entry(id: name, alert: alert, file: name))
            case .batch(let batch): entries += batch.alerts.map { Entry(id: $0.delivery, alert: $0.alert, file: name) }
            }
        }
        return entries
    }

    /// The entry with a delivery id that ``entries()`` returned: a file of one alert is named by its id, a
    /// batch's alert by `<file stem>-<random>-<n>`.
    public func entry(delivery: String, alert: Alert) -> Entry {
        if delivery.hasSuffix(".json") { return Entry(id: delivery, alert: alert, file: delivery) }
        let stem = delivery.split(separator: "-", maxSplits: 2).prefix(2).joined(separator: "-")
        return Entry(id: delivery, alert: alert, file: stem + ".json")
    }

    /// Deletes an entry after its delivery succeeded: its file, or its alert from a batch file (rewritten
    /// atomically, so the others stay queued).
    ///
    /// - Throws: ``NotifyError`` when the file cannot be removed (it would be sent again).
    public func remove(_ entry: Entry) throws(NotifyError) {
        let path = file(named: entry.file)
        do {
            if case .batch(var batch) = try read(entry.file) {
                batch.alerts.removeAll { $0.delivery == entry.id }
                if !batch.alerts.isEmpty {
                    try writeAtomically(PricewatchJSON.encode(batch), to: path)
                    return
                }
            }
            try FileManager.default.removeItem(at: path)
        } catch {
            throw NotifyError(
                "delivered an alert but cannot remove it from \(path.path) (\(error)); delete it by hand or it is sent again"
            )
        }
    }

    private enum StoredFile {
        case single(Alert)
        case batch(Batch)
    }

    /// The outbox's files, oldest first.
    private func fileNames() throws(NotifyError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            if !FileManager.default.fileExists(atPath: directory.path) { return [] }
            throw NotifyError("cannot read the alert outbox at \(directory.path) (\(error.localizedDescription))")
        }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted(by: Self.creationOrder)
    }

    /// A file of one alert (as every version writes them) or a batch.
    private func read(_ name: String) throws(NotifyError) -> StoredFile {
        do {
            let data = try Data(contentsOf: file(named: name))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            if object?["alerts"] != nil {
                return .batch(try PricewatchJSON.decoder().decode(Batch.self, from: data))
            }
            return .single(try PricewatchJSON.decoder().decode(Alert.self, from: data))
        } catch {
            throw NotifyError("\(file(named: name).path) is not a stored alert (\(error)); move it out of the outbox")
        }
    }

    private func file(named name: String) -> URL { directory.appendingPathComponent(name) }

    /// `20261124T161800Z-3.json` sorts before `...-10.json`: compare the stamp, then the number.
    private static func creationOrder(_ left: String, _ right: String) -> Bool {
        func key(_ name: String) -> (String, Int) {
            let stem = name.split(separator: ".").first ?? ""
            let parts = stem.split(separator: "-")
            return (String(parts.first ?? ""), parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        }
        return key(left) < key(right)
    }

    private static func fileStamp(_ date: Date) -> String {
        Timestamp.string(from: date).filter { $0 != "-" && $0 != ":" }
    }

    /// Writes a temporary file in the same folder, flushes it to disk, then renames it into place.
    private func writeAtomically(_ data: Data, to destination: URL) throws {
        let temporary = directory.appendingPathComponent(".tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw NotifyError("cannot create \(temporary.path); check the snapshots folder is writable")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw NotifyError("cannot move the alert into \(destination.path) (\(reason))")
        }
        // The rename itself is durable only once the folder is synced; pending changes are removed after this.
        let folder = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }
}
