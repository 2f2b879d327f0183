/// Brings a database's `pricewatch` schema up to date, and refuses one written by a newer pricewatch.
///
/// The applied versions are rows of `pricewatch.schema_migrations`. ``migrate(_:)`` runs in one transaction
/// under an advisory lock, so concurrent `pricewatch store migrate` runs apply each migration once and a
/// failure leaves the database at its previous version.
public struct SchemaMigrator: Sendable {
    /// The migrations this build knows, oldest first.
    public let migrations: [Migration]

    /// A migrator for ``Migration/all``; tests pass others.
    public init(migrations: [Migration] = Migration.all) {
        self.migrations = migrations
    }

    /// The version this build's migrations bring a database to.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// What ``migrate(_:)`` did.
    public struct Outcome: Sendable, Hashable {
        /// The schema version found; 0 for a database without the pricewatch schema.
        public let from: Int
        /// The schema version now.
        public let to: Int

        /// An outcome, for comparing with one ``migrate(_:)`` returned.
        public init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }
    }

    /// An arbitrary constant naming pricewatch's migration lock among the database's advisory locks.
    static let lockKey = 0x7072_6963_6577_6174  // "pricewat"

    /// Applies every migration the database lacks; applying none is fine, so it can run on every deploy.
    ///
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/schemaTooNew`` (nothing changed) when the
    ///   database is newer than this build, or the server's error for a failed statement (nothing changed).
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> Outcome {
        try connection.transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock($1::bigint)", [.integer(Self.lockKey)])
            try connection.query("CREATE SCHEMA IF NOT EXISTS pricewatch")
            try connection.query(
                """
                CREATE TABLE IF NOT EXISTS pricewatch.schema_migrations (
                    version integer PRIMARY KEY,
                    summary text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let current = try appliedVersion(connection)
            try refuseNewer(current, connection: connection)
            for migration in migrations where migration.version > current {
                for statement in migration.statements { try connection.query(statement) }
                try connection.query(
                    "INSERT INTO pricewatch.schema_migrations (version, summary) VALUES ($1::integer, $2)",
                    [.integer(migration.version), .text(migration.summary)])
            }
            return Outcome(from: current, to: max(current, latestVersion))
        }
    }

    /// Checks, before a store reads or writes, that the database holds exactly the schema this build knows.
    ///
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/schemaOutdated`` (run `store migrate`) or
    ///   ``PostgresError/Code/schemaTooNew`` (upgrade pricewatch).
    public func requireCurrent(_ connection: PostgresConnection) throws {
        let exists = try connection.query("SELECT to_regclass('pricewatch.schema_migrations') IS NOT NULL")
        let current = exists.string(0, 0) == "t" ? try appliedVersion(connection) : 0
        try refuseNewer(current, connection: connection)
        guard current == latestVersion else {
            throw PostgresError(
                .schemaOutdated,
                "the database at \(connection.location) has pricewatch schema version \(current), and this "
                    + "pricewatch needs version \(latestVersion). Run `pricewatch store migrate` first.")
        }
    }

    /// The newest applied version; 0 when none is.
    func appliedVersion(_ connection: PostgresConnection) throws -> Int {
        try connection.query("SELECT coalesce(max(version), 0) FROM pricewatch.schema_migrations").integer(0, 0) ?? 0
    }

    private func refuseNewer(_ current: Int, connection: PostgresConnection) throws {
        guard current > latestVersion else { return }
        throw PostgresError(
            .schemaTooNew,
            "the database at \(connection.location) has pricewatch schema version \(current), newer than the "
                + "version \(latestVersion) this pricewatch knows; nothing was changed. Upgrade pricewatch on "
                + "this host (every runner sharing the database needs the same or a newer version).")
    }
}
