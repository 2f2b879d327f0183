import Foundation
import PricewatchCore
import PricewatchPostgres
import PricewatchTestSupport
import Testing

@Suite("store import and export", .postgresServer)
struct StoreTransferTests {
    private let day: TimeInterval = 86_400
    private let start = Date(timeIntervalSince1970: 1_780_300_800)

    /// A folder written by the file store: three targets with one to three versions, pages and validators.
    private func writeFolder(_ folder: URL) throws -> SnapshotStore {
        let store = SnapshotStore(directory: folder, durability: .synced)
        for (number, id) in ["acme/a", "acme/b", "beta/c-d"].enumerated() {
            for step in 0...number {
                let time = start.addingTimeInterval(Double(step) * day)
                let record = Record(
                    target: id, site: "acme", url: "http://127.0.0.1:1/\(id)", fetchedAt: Timestamp.string(from: time),
                    vendor: "Vendor \(id) 'quoted' <b>", lastVerified: nil, freeTier: nil, priceRange: nil,
                    plans: [
                        Plan(
                            name: "Pro",
                            prices: ["monthly": Price(raw: "$\(10 + step)/mo", kind: .amount, currency: "USD")],
                            features: ["ünïcödé 🚀", "Robert'); DROP TABLE targets; --"])
                    ], alternatives: [], extras: [:])
                let validators = number == 1 ? nil : CacheValidators(url: record.url, etag: "\"e\(step)\"")
                try store.save(
                    record, page: Array("<p>\(id) \(step)</p>".utf8) + [0, 255], at: time, validators: validators)
                // An unchanged sighting a day later moves last_seen.
                try store.save(record, page: [], at: time.addingTimeInterval(day / 2), validators: validators)
            }
        }
        return store
    }

    /// Every file under a folder with its bytes, by relative path; the index cache and lock are not data.
    private func files(_ folder: URL) throws -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                ![".index.json", ".lock"].contains((relative as NSString).lastPathComponent)
            else { continue }
            found[relative] = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return found
    }

    @Test("import then export round trips a folder byte for byte; both are idempotent and resumable")
    func roundTrip() async throws {
        let location = try freshDatabase().location
        let connection = try PostgresConnection(location)
        try SchemaMigrator().migrate(connection)
        let store = try PostgresRecordStore(location: location)
        try await withTemporaryFolder { folder in
            let source = try writeFolder(folder.appendingPathComponent("source"))
            let first = try store.importSnapshots(from: source)
            #expect(first == .init(targets: 3, changes: 6))
            for id in try source.targets() {
                #expect(try store.history(for: id) == source.history(for: id))
                #expect(try store.rawPage(for: id) == source.rawPage(for: id))
                #expect(try store.cacheValidators(for: id) == source.cacheValidators(for: id))
            }
            #expect(try store.importSnapshots(from: source) == .init(targets: 3, changes: 0))

            // An import killed after some targets: the rest is added by the next run, nothing twice.
            try connection.query("DELETE FROM pricewatch.targets WHERE id = $1", [.text("beta/c-d")])
            #expect(try store.importSnapshots(from: source) == .init(targets: 3, changes: 3))

            let copy = SnapshotStore(directory: folder.appendingPathComponent("copy"), durability: .synced)
            let exported = try store.exportSnapshots(to: copy)
            #expect(exported.targets == 3)
            let original = try files(source.directory)
            #expect(!original.isEmpty)
            #expect(try files(copy.directory) == original)
            #expect(try store.exportSnapshots(to: copy) == .init(targets: 3, changes: 0))
        }
    }

    @Test("a database version with other content than the folder's is refused, not merged")
    func conflictRefused() async throws {
        let location = try freshDatabase().location
        try SchemaMigrator().migrate(PostgresConnection(location))
        let store = try PostgresRecordStore(location: location)
        try await withTemporaryFolder { folder in
            let source = try writeFolder(folder)
            var other = try #require(try source.latest(for: "acme/a"))
            other.vendor = "Someone else"
            try store.save(other, page: [1], at: start, validators: nil)
            let error = #expect(throws: PostgresError.self) { try store.importSnapshots(from: source) }
            #expect(error?.description.contains("acme/a") == true)
            #expect(try store.latest(for: "acme/a")?.vendor == "Someone else")
        }
    }
}
