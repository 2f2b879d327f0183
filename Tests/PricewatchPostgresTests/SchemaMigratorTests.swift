import PricewatchPostgres
import PricewatchTestSupport
import Testing

@Suite("SchemaMigrator", .postgresServer)
struct SchemaMigratorTests {
    private let tables = [
        "failures", "outbox", "pending_changes", "raw_pages", "record_versions", "rounds", "runs", "schema_migrations",
        "targets", "validators",
    ]

    private func tableNames(_ connection: PostgresConnection) throws -> [String] {
        try connection.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
            [.text("pricewatch")]
        ).values.compactMap { $0[0] }
    }

    private func functionNames(_ connection: PostgresConnection) throws -> [String] {
        try connection.query(
            "SELECT routine_name FROM information_schema.routines WHERE routine_schema = $1 ORDER BY routine_name",
            [.text("pricewatch")]
        ).values.compactMap { $0[0] }
    }

    @Test("migrating an empty database creates every table; migrating again changes nothing")
    func fromEmptyThenAgain() throws {
        let connection = try PostgresConnection(freshDatabase().location)
        let migrator = SchemaMigrator()
        #expect(throws: PostgresError.self) { try migrator.requireCurrent(connection) }
        #expect(try tableNames(connection).isEmpty)

        #expect(try migrator.migrate(connection) == .init(from: 0, to: migrator.latestVersion))
        #expect(try tableNames(connection) == tables)
        #expect(try functionNames(connection) == ["forget_content_hash", "mark_seen", "save_version"])
        try migrator.requireCurrent(connection)

        #expect(try migrator.migrate(connection) == .init(from: migrator.latestVersion, to: migrator.latestVersion))
        #expect(try tableNames(connection) == tables)
        let applied = try connection.query("SELECT version FROM pricewatch.schema_migrations ORDER BY version")
        #expect(applied.values.map { $0[0] } == Migration.all.map { String($0.version) })
    }

    @Test("pages and records are stored compressed with lz4 when the server has it, and read back whole")
    func lz4Compression() throws {
        let connection = try PostgresConnection(freshDatabase().location)
        try SchemaMigrator().migrate(connection)
        // A server built without lz4 refuses the setting; it then keeps pglz, and the migration still applies.
        let hasLZ4 = (try? connection.query("SET default_toast_compression = lz4")) != nil
        try connection.query("RESET default_toast_compression")
        let page = Array(String(repeating: "<li class=\"plan\">Pro <b>$20</b> a month</li>\n", count: 2_000).utf8)
        try connection.query(
            "INSERT INTO pricewatch.raw_pages (hash, page, size) VALUES (sha256($1::bytea), $1::bytea, $2::integer)",
            [.bytes(page), .integer(page.count)])
        try connection.query("INSERT INTO pricewatch.targets (id) VALUES ('a/b')")
        try connection.query(
            """
            INSERT INTO pricewatch.record_versions (target_id, version, record, content_hash, first_seen, last_seen)
            SELECT 'a/b', 1, jsonb_build_object('plans', jsonb_agg(jsonb_build_object('name', 'Plan ' || n))),
                '\\x00'::bytea, now(), now()
            FROM generate_series(1, 500) n
            """)
        let stored = try connection.query(
            """
            SELECT pg_column_compression(p.page), pg_column_compression(v.record), p.page = $1::bytea
            FROM pricewatch.raw_pages p, pricewatch.record_versions v
            """, [.bytes(page)])
        let method = hasLZ4 ? "lz4" : "pglz"
        #expect(stored.string(0, 0) == method)
        #expect(stored.string(0, 1) == method)
        #expect(stored.string(0, 2) == "t")
    }

    @Test("an older database is brought up to date and told to migrate until then")
    func olderDatabase() throws {
        let connection = try PostgresConnection(freshDatabase().location)
        let extra = Migration.testing(
            version: SchemaMigrator().latestVersion + 1, "CREATE TABLE pricewatch.extra (id integer)")
        try SchemaMigrator().migrate(connection)
        let newer = SchemaMigrator(migrations: Migration.all + [extra])
        let outdated = #expect(throws: PostgresError.self) { try newer.requireCurrent(connection) }
        #expect(outdated?.code == .schemaOutdated)
        #expect(outdated?.description.contains("pricewatch store migrate") == true)
        #expect(try newer.migrate(connection) == .init(from: extra.version - 1, to: extra.version))
        #expect(try tableNames(connection).contains("extra"))
    }

    @Test("a database from a newer pricewatch is refused and left as it was")
    func newerRefused() throws {
        let (server, location) = try freshDatabase()
        let connection = try PostgresConnection(location)
        let future = SchemaMigrator(
            migrations: Migration.all + [
                .testing(version: SchemaMigrator().latestVersion + 1, "CREATE TABLE pricewatch.future (id integer)")
            ])
        try future.migrate(connection)
        for attempt in [
            { try SchemaMigrator().migrate(connection) as Any },
            { try SchemaMigrator().requireCurrent(connection) as Any },
        ] {
            let error = #expect(throws: PostgresError.self) { _ = try attempt() }
            #expect(error?.code == .schemaTooNew)
            #expect(error?.description.contains("Upgrade pricewatch") == true)
            #expect(error?.description.contains(server.password) == false)
        }
        #expect(try tableNames(connection).contains("future"))
        #expect(
            try connection.query("SELECT max(version) FROM pricewatch.schema_migrations").integer(0, 0)
                == future.latestVersion)
    }

    @Test("a failing migration leaves the database at its previous version")
    func failingMigrationRollsBack() throws {
        let connection = try PostgresConnection(freshDatabase().location)
        try SchemaMigrator().migrate(connection)
        let broken = SchemaMigrator(
            migrations: Migration.all + [
                .testing(
                    version: SchemaMigrator().latestVersion + 1, "CREATE TABLE pricewatch.half (id integer)",
                    "SELECT no_such_function()")
            ])
        #expect(throws: PostgresError.self) { try broken.migrate(connection) }
        #expect(connection.isHealthy)
        #expect(try !tableNames(connection).contains("half"))
        try SchemaMigrator().requireCurrent(connection)
    }

    @Test("migrations running at once apply each step once")
    func concurrentMigrations() async throws {
        let location = try freshDatabase().location
        let outcomes = try await withThrowingTaskGroup(of: SchemaMigrator.Outcome.self) { group in
            for _ in 0..<4 { group.addTask { try SchemaMigrator().migrate(PostgresConnection(location)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0.from == 0 }.count == 1)
        #expect(outcomes.allSatisfy { $0.to == SchemaMigrator().latestVersion })
    }
}

extension Migration {
    /// A migration made up for a test.
    fileprivate static func testing(version: Int, _ statements: String...) -> Migration {
        Migration(version: version, summary: "test", statements: statements)
    }
}
