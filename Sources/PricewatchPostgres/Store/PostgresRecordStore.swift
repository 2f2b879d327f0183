import Foundation
import PricewatchCore
import Synchronization

/// The ``RecordStore`` kept in a PostgreSQL database, for teams: any number of hosts read and write it at once.
///
/// Every save is one transaction that holds the target's row lock, so two runners saving the same target
/// take turns and the version numbers never collide; the record version, the raw page and the validators
/// commit together or not at all. Connections are kept in a small pool, one per concurrent caller.
public final class PostgresRecordStore: RecordStore {
    /// The database; printing it masks the password.
    public let location: PostgresLocation
    /// Connections not in use right now.
    private let idle = Mutex<[PostgresConnection]>([])
    /// What ``readAhead(_:)`` read for the targets of the batches under way, by id.
    let readAheads = Mutex<[String: ReadAhead]>([:])
    /// Claimed targets seen unchanged, whose `last_seen` moves when their batch is finished, by id.
    let sightings = Mutex<[String: Sighting]>([:])

    /// Connects and checks that the database holds the schema this build knows.
    ///
    /// - Throws: ``PostgresError``: the connection failed, or the schema is missing, older (run
    ///   `pricewatch store migrate`) or newer (upgrade pricewatch).
    public init(location: PostgresLocation) throws {
        self.location = location
        let connection = try PostgresConnection(location)
        try SchemaMigrator().requireCurrent(connection)
        idle.withLock { $0.append(connection) }
    }

    /// Runs `body` with a pooled connection; a connection left broken or inside a transaction is dropped.
    func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection = try idle.withLock { $0.popLast() } ?? PostgresConnection(location)
        defer { if connection.isHealthy { idle.withLock { $0.append(connection) } } }
        return try body(connection)
    }

    public func latest(for id: String) throws -> Record? {
        if let ahead = readAhead(for: id) {
            guard let newest = ahead.newest else { return nil }
            // A vouched record was not read ahead: it is read below.
            if newest.record != nil { return try latestReadAhead(id, newest) }
        }
        return try withConnection { connection in
            let rows = try connection.query(
                """
                SELECT version, record::text FROM pricewatch.record_versions
                WHERE target_id = $1 ORDER BY version DESC LIMIT 1
                """, [.text(id)])
            guard rows.count == 1 else { return nil }
            return try decodeRecord(rows.string(0, 1), target: id, version: rows.integer(0, 0))
        }
    }

    public func latestContent(for id: String) throws -> StoredContent? {
        if let ahead = readAhead(for: id) { return try ahead.newest.map { try storedContent(id, $0) } }
        return try withConnection { connection in
            let rows = try connection.query(
                """
                SELECT version, content_hash, \(Self.recordUnlessVouched) FROM pricewatch.record_versions
                WHERE target_id = $1 ORDER BY version DESC LIMIT 1
                """, [.text(id)])
            guard rows.count == 1 else { return nil }
            return try storedContent(
                id,
                StoredNewest(version: rows.integer(0, 0) ?? 0, contentHash: rows.bytes(0, 1), record: rows.string(0, 2))
            )
        }
    }

    public func hasLatest(for id: String) throws -> Bool {
        if let ahead = readAhead(for: id) { return ahead.newest != nil }
        return try withConnection { connection in
            try connection.query(
                "SELECT 1 FROM pricewatch.record_versions WHERE target_id = $1 LIMIT 1", [.text(id)]
            ).count == 1
        }
    }

    public func history(for id: String) throws -> [HistoryEntry] {
        try withConnection { connection in
            let rows = try connection.query(
                """
                SELECT version, \(Self.stamp("first_seen")), \(Self.stamp("last_seen")), record::text
                FROM pricewatch.record_versions WHERE target_id = $1 ORDER BY version
                """, [.text(id)])
            return try (0..<rows.count).map { row in
                let version = rows.integer(row, 0) ?? 0
                return HistoryEntry(
                    version: version, firstSeen: rows.string(row, 1) ?? "", lastSeen: rows.string(row, 2) ?? "",
                    record: try decodeRecord(rows.string(row, 3), target: id, version: version))
            }
        }
    }

    public func rawPage(for id: String) throws -> [UInt8]? {
        try withConnection { connection in
            let rows = try connection.query(
                """
                SELECT p.page FROM pricewatch.targets t JOIN pricewatch.raw_pages p ON p.hash = t.page_hash
                WHERE t.id = $1
                """, [.text(id)])
            return rows.count == 1 ? rows.bytes(0, 0) : nil
        }
    }

    public func cacheValidators(for id: String) throws -> CacheValidators? {
        if let ahead = readAhead(for: id) { return ahead.validators }
        return try withConnection { connection in
            let rows = try connection.query(
                "SELECT url, etag, last_modified, charset FROM pricewatch.validators WHERE target_id = $1",
                [.text(id)])
            guard rows.count == 1 else { return nil }
            return CacheValidators(
                url: rows.string(0, 0), etag: rows.string(0, 1), lastModified: rows.string(0, 2),
                charset: rows.string(0, 3))
        }
    }

    public func targets() throws -> [String] {
        try withConnection { connection in
            try connection.query("SELECT DISTINCT target_id FROM pricewatch.record_versions").values
                .compactMap { $0[0] }.sorted()
        }
    }

    public func failures() throws -> [String: TargetFailure] {
        let rows = try withConnection { connection in
            try connection.query(
                """
                SELECT target_id, kind, \(Self.stamp("since")), \(Self.stamp("last_failed")), message
                FROM pricewatch.failures
                """)
        }
        var failures: [String: TargetFailure] = [:]
        for row in rows.values {
            guard let id = row[0], let kind = row[1].flatMap(TargetFailure.Kind.init(rawValue:)) else { continue }
            failures[id] = TargetFailure(
                kind: kind, since: row[2] ?? "", lastFailed: row[3] ?? "", message: row[4] ?? "")
        }
        return failures
    }

    /// Writes the sightings noted for claimed targets whose batch was not finished through
    /// ``PostgresTargetClaims`` (which writes them with the batch); every other save commits by itself.
    public func synchronize() throws {
        let noted = takeSightings(nil)
        guard !noted.isEmpty else { return }
        _ = try withConnection { connection in
            try connection.query(Self.writeSightings(parameters: 1), noted.parameters)
        }
    }

    /// A `timestamptz` column as pricewatch writes times: `2026-06-01T08:00:00Z`.
    static func stamp(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    }

    /// A stored record, or an error naming the row when it does not decode.
    func decodeRecord(_ text: String?, target: String, version: Int?) throws -> Record {
        do {
            return try PricewatchJSON.decode(Record.self, from: Array((text ?? "").utf8))
        } catch {
            throw PostgresError.corruptRecord(location, target: target, version: version ?? 0, detail: "\(error)")
        }
    }
}
