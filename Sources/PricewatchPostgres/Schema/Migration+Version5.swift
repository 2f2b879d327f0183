extension Migration {
    /// A stored record's `content_hash` vouches for it: a change of `record` that leaves `content_hash` alone
    /// (an edit by hand, a repair gone wrong) clears the hash.
    ///
    /// A runner then compares a page's record with the stored hash without reading, converting or decoding the
    /// stored record (most targets are unchanged on most runs), and still decodes, and so catches, a record
    /// changed behind its back: a record without a hash is decoded, and its next save is a new version. An
    /// update that sets both columns (as `pricewatch store import` never needs to) is taken at its word.
    static let version5 = Migration(
        version: 5,
        summary: "a record changed without its content hash loses the hash",
        statements: [
            """
            CREATE FUNCTION pricewatch.forget_content_hash() RETURNS trigger
            LANGUAGE plpgsql AS $function$
            BEGIN
                NEW.content_hash := NULL;
                RETURN NEW;
            END
            $function$
            """,
            "ALTER TABLE pricewatch.record_versions ALTER COLUMN content_hash DROP NOT NULL",
            """
            CREATE TRIGGER record_changed_without_hash
            BEFORE UPDATE OF record ON pricewatch.record_versions
            FOR EACH ROW
            WHEN (NEW.record IS DISTINCT FROM OLD.record AND NEW.content_hash IS NOT DISTINCT FROM OLD.content_hash)
            EXECUTE FUNCTION pricewatch.forget_content_hash()
            """,
        ])
}
