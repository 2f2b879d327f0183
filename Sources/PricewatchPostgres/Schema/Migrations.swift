/// One step of the database schema, applied once, in order, by ``SchemaMigrator``.
public struct Migration: Sendable {
    /// The schema version this step brings the database to.
    public let version: Int
    /// What it adds, recorded beside the version.
    public let summary: String
    /// Its statements, run one by one in the migration's transaction (DDL is transactional in PostgreSQL).
    let statements: [String]

    /// A migration; only ``all`` lists the real ones.
    public init(version: Int, summary: String, statements: [String]) {
        self.version = version
        self.summary = summary
        self.statements = statements
    }
}

extension Migration {
    /// Every migration, oldest first. Append new ones; never edit one that has shipped.
    public static let all: [Migration] = [version1, version2, version3, version4, version5]

    /// Targets, record versions, raw pages, validators, the outbox and runs. Everything lives in the
    /// `pricewatch` schema, so the store can share a database with other applications.
    static let version1 = Migration(
        version: 1,
        summary: "targets, record versions, raw pages, validators, outbox, runs",
        statements: [
            // Page bytes, stored once per distinct page (by SHA-256). PostgreSQL compresses values over ~2 kB
            // (TOAST, pglz), which HTML shrinks well under; EXTENDED storage says so explicitly.
            """
            CREATE TABLE pricewatch.raw_pages (
                hash bytea PRIMARY KEY CHECK (length(hash) = 32),
                page bytea NOT NULL,
                size integer NOT NULL CHECK (size >= 0),
                stored_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "ALTER TABLE pricewatch.raw_pages ALTER COLUMN page SET STORAGE EXTENDED",
            // One row per target id; page_hash names the page its latest record came from.
            """
            CREATE TABLE pricewatch.targets (
                id text PRIMARY KEY,
                page_hash bytea REFERENCES pricewatch.raw_pages (hash),
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // Every version whose content differed: the record (pricewatch.record/1) as JSONB, the hash of its
            // content (what decides whether a page changed), and when it was first and last seen.
            """
            CREATE TABLE pricewatch.record_versions (
                target_id text NOT NULL REFERENCES pricewatch.targets (id) ON DELETE CASCADE,
                version integer NOT NULL CHECK (version > 0),
                record jsonb NOT NULL,
                content_hash bytea NOT NULL,
                first_seen timestamptz NOT NULL,
                last_seen timestamptz NOT NULL CHECK (last_seen >= first_seen),
                PRIMARY KEY (target_id, version)
            )
            """,
            "CREATE INDEX record_versions_first_seen ON pricewatch.record_versions (first_seen)",
            // The ETag / Last-Modified of the latest page, for conditional requests.
            """
            CREATE TABLE pricewatch.validators (
                target_id text PRIMARY KEY REFERENCES pricewatch.targets (id) ON DELETE CASCADE,
                url text,
                etag text,
                last_modified text,
                charset text
            )
            """,
            // Alerts waiting for delivery. A runner claims rows until claimed_until, so two runners never send
            // the same alert; delivered_at is set after a 2xx answer.
            """
            CREATE TABLE pricewatch.outbox (
                id bigserial PRIMARY KEY,
                target_id text REFERENCES pricewatch.targets (id) ON DELETE SET NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                alert jsonb NOT NULL,
                claimed_by text,
                claimed_until timestamptz,
                delivered_at timestamptz
            )
            """,
            "CREATE INDEX outbox_pending ON pricewatch.outbox (id) WHERE delivered_at IS NULL",
            // One row per check run: who ran it, when, and what it found.
            """
            CREATE TABLE pricewatch.runs (
                id bigserial PRIMARY KEY,
                runner text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz,
                targets integer,
                changed integer,
                failed integer
            )
            """,
        ])
}

extension Migration {
    /// What runners sharing one target list need: rounds, a lease on each target, and the changes stored but
    /// not yet alerted; outbox rows get the delivery id sent as `X-Pricewatch-Delivery`.
    static let version2 = Migration(
        version: 2,
        summary: "rounds, target leases, pending changes, outbox delivery ids",
        statements: [
            // A round checks every target of the list once, whichever runners take part; see docs/postgres.md.
            """
            CREATE TABLE pricewatch.rounds (
                id bigserial PRIMARY KEY,
                started_at timestamptz NOT NULL DEFAULT now(),
                started_by text NOT NULL
            )
            """,
            // checked_round: the last round that checked the target. leased_by / lease_until: the runner
            // working on it now; a killed runner stops renewing, and the target is free once lease_until passes.
            """
            ALTER TABLE pricewatch.targets
                ADD COLUMN checked_round bigint REFERENCES pricewatch.rounds (id),
                ADD COLUMN leased_by text,
                ADD COLUMN lease_until timestamptz
            """,
            "ALTER TABLE pricewatch.runs ADD COLUMN round bigint REFERENCES pricewatch.rounds (id)",
            // A change committed with the record version that holds it, until a runner turns it into alerts.
            // The entry is pricewatch.pending/1 JSON kept as text: jsonb cannot hold the \u0000 escape that
            // page text may need, and the entry is only ever read back whole.
            """
            CREATE TABLE pricewatch.pending_changes (
                id bigserial PRIMARY KEY,
                target_id text NOT NULL REFERENCES pricewatch.targets (id) ON DELETE CASCADE,
                entry text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            "ALTER TABLE pricewatch.outbox ADD COLUMN delivery text NOT NULL DEFAULT gen_random_uuid()::text",
        ])
}
