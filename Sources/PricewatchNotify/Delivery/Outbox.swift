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
public struct Outbox: Sendable {
    /// One stored alert and the file holding it.
    public struct Entry: Sendable, Hashable {
        /// The file name, which sorts in creation order and identifies the delivery.
        public let id: String
        /// The stored alert.
        public let alert: Alert
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
            return Entry(id: id, alert: alert)
        } catch let error as NotifyError {
            throw error
        } catch {
            throw NotifyError(
                "cannot write the alert outbox at \(directory.path) (\(error.localizedDescription)); check the snapshots folder is writable"
            )
        }
    }

    /// The stored entries, oldest first; none when the outbox does not exist yet.
    ///
    /// - Throws: ``NotifyError`` naming a file that is not a stored alert.
    public func entries() throws(NotifyError) -> [Entry] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            if !FileManager.default.fileExists(atPath: directory.path) { return [] }
            throw NotifyError("cannot read the alert outbox at \(directory.path) (\(error.localizedDescription))")
        }
        var entries: [Entry] = []
        for name in names.sorted(by: Self.creationOrder) where name.hasSuffix(".json") && !name.hasPrefix(".") {
            do {
                let data = try Data(contentsOf: file(named: name))
                entries.append(Entry(id: name, alert: try PricewatchJSON.decoder().decode(Alert.self, from: data)))
            } catch {
                throw NotifyError(
                    "\(file(named: name).path) is not a stored alert (\(error)); move it out of the outbox")
            }
        }
        return entries
    }

    /// Deletes an entry after its delivery succeeded.
    ///
    /// - Throws: ``NotifyError`` when the file cannot be removed (it would be sent again).
    public func remove(_ entry: Entry) throws(NotifyError) {
        do {
            try FileManager.default.removeItem(at: file(named: entry.id))
        } catch {
            throw NotifyError(
                "delivered an alert but cannot remove \(file(named: entry.id).path) (\(error.localizedDescription)); delete it by hand or it is sent again"
            )
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
    }
}
