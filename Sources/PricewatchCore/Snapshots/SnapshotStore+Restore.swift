import Foundation

extension SnapshotStore {
    /// Writes a target's snapshot as another store holds it: every history version, the page, the validators
    /// and `latest.json`, for `pricewatch store export`.
    ///
    /// Each file is written atomically and only when its bytes differ, history first and `latest.json` last,
    /// so an export killed part-way leaves each target's files old or new and a rerun finishes the job without
    /// rewriting what is already there. History versions the folder holds beyond those given are left alone.
    /// - Parameters:
    ///   - id: The target id.
    ///   - history: Its versions, oldest first; the newest one's record becomes `latest.json`.
    ///   - page: The page the latest record came from; nil leaves `page.html` as it is.
    ///   - validators: The page's validators; nil removes `http.json`.
    /// - Returns: The number of files written.
    /// - Throws: ``SnapshotError`` for an invalid id or a failed write.
    @discardableResult
    public func restore(_ id: String, history: [HistoryEntry], page: [UInt8]?, validators: CacheValidators?) throws
        -> Int
    {
        guard let newest = history.last else { return 0 }
        let paths = try paths(id)
        var written = 0
        func write(_ bytes: [UInt8], to path: String) throws {
            guard try FileIO.read(path) != bytes else { return }
            try FileIO.writeAtomically(bytes, to: path, durable: durable)
            written += 1
        }
        try FileIO.makeDirectories(paths.historyFolder, durable: durable)
        for entry in history {
            try write(Array(PricewatchJSON.encode(entry)), to: paths.historyFile(entry.version))
        }
        if let page { try write(page, to: paths.page) }
        if let validators {
            try write(Array(PricewatchJSON.encode(validators)), to: paths.http)
        } else if try FileIO.read(paths.http) != nil {
            try FileIO.remove(paths.http, durable: durable)
            written += 1
        }
        try write(Array(PricewatchJSON.encode(newest.record)), to: paths.latest)
        return written
    }
}
