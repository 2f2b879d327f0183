extension Migration {
    /// A target's save as one server-side function call (one round trip instead of about eight), and the
    /// targets whose latest check failed, for `pricewatch report`.
    static let version3 = Migration(
        version: 3,
        summary: "save_version and mark_seen functions, target failures",
        statements: [saveVersion, markSeen, failures])

    /// Saves one target in the statement's own transaction: locks the target's row, checks that its newest
    /// version is still the one the caller compared with (`expected_version`, 0 for none; else it returns
    /// `stale` and changes nothing, and the caller reads the newest version again), then either moves that
    /// version's `last_seen` (`unchanged_from` equals the new hash) or adds a version with its page and pending
    /// change, and replaces the validators.
    ///
    /// The transaction's `COMMIT` returns before the server has flushed it to disk (`synchronous_commit` off
    /// for this transaction only): a save then costs no disk flush, which bounded a runner at a few hundred
    /// targets a second. A killed runner loses nothing it committed; only a crash of the server itself can
    /// undo the last fraction of a second of saves, each whole, and the next run finds those changes again.
    /// Alert queue transactions keep waiting for the disk, since a sent alert must not come back.
    private static let saveVersion = """
        CREATE FUNCTION pricewatch.save_version(
            target text, expected_version integer, unchanged_from bytea, new_record jsonb, new_hash bytea,
            seen timestamptz, page bytea, has_validators boolean, validator_url text, validator_etag text,
            validator_last_modified text, validator_charset text, pending text,
            OUT outcome text, OUT saved_version integer)
        LANGUAGE plpgsql AS $function$
        DECLARE
            newest integer;
            digest bytea;
        BEGIN
            PERFORM set_config('synchronous_commit', 'off', true);
            INSERT INTO pricewatch.targets AS t (id) VALUES (target) ON CONFLICT (id) DO NOTHING;
            PERFORM 1 FROM pricewatch.targets t WHERE t.id = target FOR UPDATE;
            SELECT max(v.version) INTO newest FROM pricewatch.record_versions v WHERE v.target_id = target;
            IF coalesce(newest, 0) <> expected_version THEN
                outcome := 'stale';
                saved_version := coalesce(newest, 0);
                RETURN;
            END IF;
            IF newest IS NOT NULL AND unchanged_from = new_hash THEN
                UPDATE pricewatch.record_versions v SET last_seen = greatest(v.last_seen, seen)
                WHERE v.target_id = target AND v.version = newest;
                outcome := 'unchanged';
                saved_version := newest;
            ELSE
                saved_version := coalesce(newest, 0) + 1;
                INSERT INTO pricewatch.record_versions
                    (target_id, version, record, content_hash, first_seen, last_seen)
                VALUES (target, saved_version, new_record, new_hash, seen, seen);
                digest := sha256(page);
                INSERT INTO pricewatch.raw_pages (hash, page, size) VALUES (digest, page, length(page))
                ON CONFLICT (hash) DO NOTHING;
                UPDATE pricewatch.targets t SET page_hash = digest WHERE t.id = target;
                IF pending IS NOT NULL THEN
                    INSERT INTO pricewatch.pending_changes (target_id, entry) VALUES (target, pending);
                END IF;
                outcome := CASE WHEN newest IS NULL THEN 'baseline' ELSE 'updated' END;
            END IF;
            IF has_validators THEN
                INSERT INTO pricewatch.validators AS val (target_id, url, etag, last_modified, charset)
                VALUES (target, validator_url, validator_etag, validator_last_modified, validator_charset)
                ON CONFLICT (target_id) DO UPDATE SET url = excluded.url, etag = excluded.etag,
                    last_modified = excluded.last_modified, charset = excluded.charset;
            ELSE
                DELETE FROM pricewatch.validators val WHERE val.target_id = target;
            END IF;
        END
        $function$
        """

    /// A `304 Not Modified`: moves the newest version's `last_seen` under the target's row lock, if that version
    /// is still `expected_version`; returns the newest version either way (0 when the target has none).
    private static let markSeen = """
        CREATE FUNCTION pricewatch.mark_seen(
            target text, expected_version integer, seen timestamptz, OUT outcome text, OUT newest integer)
        LANGUAGE plpgsql AS $function$
        BEGIN
            PERFORM set_config('synchronous_commit', 'off', true);
            PERFORM 1 FROM pricewatch.targets t WHERE t.id = target FOR UPDATE;
            SELECT coalesce(max(v.version), 0) INTO newest FROM pricewatch.record_versions v
            WHERE v.target_id = target;
            IF newest <> expected_version THEN
                outcome := 'stale';
                RETURN;
            END IF;
            UPDATE pricewatch.record_versions v SET last_seen = greatest(v.last_seen, seen)
            WHERE v.target_id = target AND v.version = newest;
            outcome := 'unchanged';
        END
        $function$
        """

    /// The targets whose latest check failed, and since when (the folder store's `failures.json`).
    private static let failures = """
        CREATE TABLE pricewatch.failures (
            target_id text PRIMARY KEY REFERENCES pricewatch.targets (id) ON DELETE CASCADE,
            kind text NOT NULL CHECK (kind IN ('fetch', 'extraction', 'snapshot')),
            since timestamptz NOT NULL,
            last_failed timestamptz NOT NULL,
            message text NOT NULL
        )
        """
}
