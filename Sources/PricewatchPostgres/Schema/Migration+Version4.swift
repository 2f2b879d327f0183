extension Migration {
    /// Pages and records compressed with lz4 instead of pglz, PostgreSQL's default: compressing each ~70 KB
    /// page with pglz took most of the server's CPU in a first check (docs/bench.md).
    ///
    /// Only values stored from now on are compressed with lz4; older ones stay pglz, and both read the same. A
    /// server built without lz4 (Debian's and the PostgreSQL project's packages have it) keeps pglz rather
    /// than failing the migration.
    static let version4 = Migration(
        version: 4,
        summary: "lz4 compression for pages and records",
        statements: [
            compressWithLZ4("pricewatch.raw_pages", "page"), compressWithLZ4("pricewatch.record_versions", "record"),
        ])

    /// Sets a column's compression to lz4 where the server supports it (a server without it answers
    /// `feature_not_supported`). The names are this file's constants, never input.
    private static func compressWithLZ4(_ table: String, _ column: String) -> String {
        """
        DO $migration$
        BEGIN
            ALTER TABLE \(table) ALTER COLUMN \(column) SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN
            NULL;  -- a server without lz4: the column keeps pglz
        END
        $migration$
        """
    }
}
