import Foundation

/// Why a PostgreSQL operation failed, with a message that says what to check. No message holds the password.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// The sort of failure, for callers that react differently to each.
    public enum Code: String, Sendable {
        /// No session could be opened: the server, the address, the credentials or the database.
        case connectionFailed
        /// The server refused or failed a statement.
        case queryFailed
        /// A value cannot be sent as a parameter.
        case invalidParameter
        /// The database's schema is newer than this pricewatch knows.
        case schemaTooNew
        /// The database has no pricewatch schema, or an older one.
        case schemaOutdated
        /// A stored record does not decode; it was left untouched.
        case corruptRecord
        /// There is no stored record for an operation that needs one.
        case missingSnapshot
        /// An imported version disagrees with the database's version of the same number.
        case importConflict
    }

    /// The sort of failure.
    public let code: Code
    /// The server's SQLSTATE code (`23505` unique violation, `40001` serialization failure), when it sent one.
    public let sqlState: String?
    /// The full message: what failed, where (password masked), and what to check.
    public let description: String

    init(_ code: Code, sqlState: String? = nil, _ description: String) {
        self.code = code
        self.sqlState = sqlState
        self.description = description
    }

    static func connectionFailed(_ location: PostgresLocation, _ libpqMessage: String) -> PostgresError {
        let message = location.scrub(Self.oneLine(libpqMessage))
        return PostgresError(
            .connectionFailed,
            "cannot connect to PostgreSQL at \(location): \(message). \(advice(forConnectionMessage: message))")
    }

    static func queryFailed(_ location: PostgresLocation, sqlState: String?, _ serverMessage: String, statement: String)
        -> PostgresError
    {
        let firstWords = statement.split(whereSeparator: \.isWhitespace).prefix(3).joined(separator: " ")
        let code = sqlState.map { " (SQLSTATE \($0))" } ?? ""
        return PostgresError(
            .queryFailed, sqlState: sqlState,
            "PostgreSQL at \(location) failed '\(firstWords) ...'\(code): \(location.scrub(oneLine(serverMessage)))")
    }

    static func corruptRecord(_ location: PostgresLocation, target: String, version: Int, detail: String)
        -> PostgresError
    {
        PostgresError(
            .corruptRecord,
            "the stored record of '\(target)' (version \(version)) in \(location) is corrupt (\(detail)). It was "
                + "left untouched and this target will not be saved until it is fixed: correct the row in "
                + "pricewatch.record_versions, or delete the target's versions to start it afresh.")
    }

    static func missingSnapshot(_ location: PostgresLocation, target: String) -> PostgresError {
        PostgresError(
            .missingSnapshot,
            "there is no stored record for '\(target)' in \(location); fetch the page without cache validators "
                + "to store a baseline.")
    }

    static func importConflict(_ location: PostgresLocation, target: String, version: Int) -> PostgresError {
        PostgresError(
            .importConflict,
            "'\(target)' version \(version) in \(location) holds other content than the snapshot folder's "
                + "version \(version): the two stores were written separately. Nothing of this target was "
                + "imported; delete its rows (DELETE FROM pricewatch.targets WHERE id = '...') to take the "
                + "folder's history, or leave it out of the import.")
    }

    static func corruptPendingChange(_ location: PostgresLocation, id: String, detail: String) -> PostgresError {
        PostgresError(
            .corruptRecord,
            "the queued alert row \(id) in \(location) is corrupt (\(detail)); no alert was queued or sent. Fix or "
                + "delete the row (pricewatch.pending_changes or pricewatch.outbox) and run 'pricewatch notify'.")
    }

    static func nulInRecord(_ location: PostgresLocation, target: String) -> PostgresError {
        PostgresError(
            .invalidParameter,
            "the new record of '\(target)' holds a NUL character (U+0000), which PostgreSQL's jsonb cannot store; "
                + "nothing was saved to \(location) and the stored record was kept. Make the site's selectors "
                + "skip the text holding it, or keep this target in a snapshot folder.")
    }

    static func invalidParameter(_ what: String) -> PostgresError {
        PostgresError(.invalidParameter, "cannot send \(what) to PostgreSQL; the value was not stored")
    }

    /// What to check for libpq's connection messages, which name the failure in English (`lc_messages` does not
    /// apply before a session exists, and libpq's own messages are the client's).
    static func advice(forConnectionMessage message: String) -> String {
        let lowered = message.lowercased()
        if lowered.contains("password authentication failed") || lowered.contains("no password supplied") {
            return "Check the user name and password in the database URL (PRICEWATCH_DATABASE_URL or --store)."
        }
        if lowered.contains("database") && lowered.contains("does not exist") {
            return "Create the database (`createdb NAME`) or fix the database name in the URL."
        }
        if lowered.contains("role") && lowered.contains("does not exist") {
            return "Create the role (`createuser NAME`) or fix the user name in the URL."
        }
        if lowered.contains("pg_hba.conf") {
            return "Allow this host and user in the server's pg_hba.conf, or connect as another user."
        }
        return "Check that the PostgreSQL server is running and that the host and port in the URL are right "
            + "(for a remote server, that it listens on that address: listen_addresses, firewall)."
    }

    /// libpq's multi-line messages (`connection to server ... failed: FATAL: ...\n`) on one line.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }
}
