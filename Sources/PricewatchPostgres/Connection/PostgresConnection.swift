internal import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One session with a PostgreSQL server, over libpq: the only type that holds a `PGconn`.
///
/// Every statement goes through ``query(_:_:)`` with its values as parameters, so text taken from web pages
/// never becomes part of a query string. libpq lets a connection be used from any thread but by one at a
/// time: a connection belongs to one task at a time (a pool hands it out), which is why it is `Sendable`.
public final class PostgresConnection: @unchecked Sendable {
    /// The libpq connection, finished exactly once, in `deinit`.
    private let handle: OpaquePointer
    /// Where the connection goes; its description masks the password.
    public let location: PostgresLocation

    /// Connects, or throws an error that masks the password and says what to check.
    ///
    /// - Parameter location: The server and database; its text may be a `postgres://` URL or `key=value` pairs.
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/connectionFailed``.
    public init(_ location: PostgresLocation) throws(PostgresError) {
        // The location is expanded as a whole conninfo (expand_dbname); later keywords override it, so the
        // client encoding is always UTF-8 while a name the user set in the location wins over ours.
        let keywords = ["dbname", "fallback_application_name", "client_encoding"]
        let values = [location.connectionString, "pricewatch", "UTF8"]
        let connection = CStrings.withPointers(keywords) { keywordPointers in
            CStrings.withPointers(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw PostgresError.connectionFailed(location, "libpq is out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError.connectionFailed(location, message)
        }
        // libpq prints the server's notices (`NOTICE: schema "pricewatch" already exists, skipping`) on
        // standard error by default; they are informational and would mix into the command's output.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.handle = connection
        self.location = location
    }

    deinit {
        PQfinish(handle)
    }

    /// Runs one SQL statement with its values bound as parameters `$1`, `$2`, ...
    ///
    /// Texts are sent in PostgreSQL's text format (cast them in the SQL: `$1::jsonb`, `$2::timestamptz`),
    /// bytes as binary `bytea`. Results arrive as text; see ``PostgresRows``.
    /// - Parameters:
    ///   - sql: One statement, with no value written into it.
    ///   - parameters: The values; nil is SQL `NULL`.
    /// - Returns: The rows (none for a statement that returns none) and the number of rows affected.
    /// - Throws: ``PostgresError`` with the server's message and SQLSTATE code.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue?] = []) throws(PostgresError) -> PostgresRows {
        let bound = BoundParameters(parameters)
        defer { bound.release() }
        let result = PQexecParams(
            handle, sql, Int32(parameters.count), bound.types, bound.values, bound.lengths, bound.formats, 0)
        guard let result else {
            throw PostgresError.queryFailed(
                location, sqlState: nil, String(cString: PQerrorMessage(handle)), statement: sql)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return PostgresRows(copying: result)
        default:
            let sqlState = clibpq_result_sqlstate(result).map { String(cString: $0) }
            throw PostgresError.queryFailed(
                location, sqlState: sqlState, String(cString: PQresultErrorMessage(result)), statement: sql)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// - Throws: What `body` throws (after the rollback), or ``PostgresError`` when `BEGIN` or `COMMIT` fails;
    ///   a failed `COMMIT` (a serialization failure, the server gone) means nothing was stored.
    public func transaction<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        try query("BEGIN")
        let result: Result
        do {
            result = try body(self)
        } catch {
            // A connection that cannot roll back is broken; its owner discards it, so the error is the body's.
            _ = try? query("ROLLBACK")
            throw error
        }
        try query("COMMIT")
        return result
    }

    /// Whether the session is still usable: false after the server went away, so a pool drops the connection.
    public var isHealthy: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }
}

/// Parameters laid out as `PQexecParams` reads them; the copies live until ``release()``.
private struct BoundParameters {
    let types: [Oid]
    let values: [UnsafePointer<CChar>?]
    let lengths: [Int32]
    let formats: [Int32]

    init(_ parameters: [PostgresValue?]) {
        types = parameters.map { $0?.typeOID ?? 0 }
        formats = parameters.map { $0?.isBinary == true ? 1 : 0 }
        lengths = parameters.map { Int32($0?.bytes.count ?? 0) }
        values = parameters.map { parameter in
            guard let bytes = parameter?.bytes else { return nil }
            // Text goes with a terminating NUL (libpq reads it as a C string); binary goes by its length.
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            bytes.withUnsafeBytes { source in
                if let start = source.baseAddress {
                    UnsafeMutableRawPointer(copy).copyMemory(from: start, byteCount: source.count)
                }
            }
            copy[bytes.count] = 0
            return UnsafePointer(copy)
        }
    }

    func release() {
        for value in values { value.map { UnsafeMutablePointer(mutating: $0).deallocate() } }
    }
}

/// C strings for libpq's keyword/value arrays, which end with a NULL.
enum CStrings {
    static func withPointers<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
    ) -> Result {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
