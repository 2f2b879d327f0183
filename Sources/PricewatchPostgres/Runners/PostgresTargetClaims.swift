import Foundation
import PricewatchCore
import Synchronization

/// The targets of one round, shared by every runner that checks the same list against the database.
///
/// A round is the unit "every target checked once": a runner joins the newest round while targets of its
/// list that existed when the round started are unchecked in it, and starts a new round otherwise. Claims
/// are `FOR UPDATE SKIP LOCKED` selections that set a lease (`leased_by`, `lease_until` on the target's row),
/// so two runners never take the same target; the save of a target and the end of its lease are separate
/// commits, and a runner killed between them only makes the next runner check the target again (its page
/// then matches the stored version, so nothing is stored or alerted twice). Leases are renewed while targets
/// are under way; a killed runner's targets come free when its lease passes.
public final class PostgresTargetClaims: TargetClaims {
    /// The round this runner works in.
    public let round: Int
    /// Names this runner in `leased_by` and `pricewatch.runs`: host, process id and a random part.
    public let runner: String
    /// How long a lease lasts without renewal: how long a killed runner's targets wait for the next runner.
    public let lease: Duration
    private let run: Int
    /// The store whose reads a claimed batch's ``PostgresRecordStore/readAhead(_:)`` serves.
    private let store: PostgresRecordStore
    /// The runner's own session: its temporary `run_targets` table holds the run's ids. One caller at a time.
    private let connection: Mutex<PostgresConnection>
    /// The last id this runner claimed: the next claim looks after it first (see ``claim(limit:)``).
    private let cursor = Mutex<String?>(nil)

    /// Joins or starts a round for `ids` and records the run in `pricewatch.runs`.
    ///
    /// - Throws: ``PostgresError`` when the database cannot be reached or written.
    public init(store: PostgresRecordStore, targets ids: [String], lease: Duration = .seconds(300)) throws {
        let connection = try PostgresConnection(store.location)
        // The session's commits (claims, a batch's finish with its sightings, the run's row) do not wait for the
        // disk flush, as `save_version` does not: a killed runner loses nothing it committed, and a crash of the
        // server itself can only make targets unchecked again, to be checked by the next runner.
        try connection.query("SET synchronous_commit = off")
        let runner = Self.runnerName()
        let round = try connection.transaction { connection in
            // Runners starting together decide on the round one at a time.
            try connection.query("SELECT pg_advisory_xact_lock($1::bigint)", [.integer(Self.roundLockKey)])
            try connection.query("CREATE TEMPORARY TABLE run_targets (id text PRIMARY KEY)")
            try connection.query(
                "INSERT INTO run_targets SELECT DISTINCT unnest($1::text[])", [.textArray(ids)])
            // Nothing analyses a temporary table by itself; without its size the planner guesses the claim's plan.
            try connection.query("ANALYZE run_targets")
            try connection.query(
                "INSERT INTO pricewatch.targets (id) SELECT id FROM run_targets ON CONFLICT (id) DO NOTHING")
            let open = try connection.query(
                """
                SELECT r.id FROM (SELECT id, started_at FROM pricewatch.rounds ORDER BY id DESC LIMIT 1) r
                WHERE EXISTS (
                    SELECT 1 FROM pricewatch.targets t JOIN run_targets USING (id)
                    WHERE coalesce(t.checked_round, 0) < r.id AND t.created_at <= r.started_at)
                """)
            if let round = open.count == 1 ? open.integer(0, 0) : nil { return round }
            let started = try connection.query(
                "INSERT INTO pricewatch.rounds (started_by) VALUES ($1) RETURNING id", [.text(runner)])
            return started.integer(0, 0) ?? 0
        }
        let run = try connection.query(
            "INSERT INTO pricewatch.runs (runner, round) VALUES ($1, $2::bigint) RETURNING id",
            [.text(runner), .integer(round)])
        self.round = round
        self.runner = runner
        self.lease = lease
        self.run = run.integer(0, 0) ?? 0
        self.store = store
        self.connection = Mutex(connection)
    }

    public var renewalInterval: Duration { lease / 3 }

    /// Claims the first free targets in id order after the last one this runner claimed, then (when there are
    /// none) from the start, where a killed runner's targets come free: a claim then reads from where the
    /// runner left off rather than past every target already checked in the round, which grew with the square
    /// of the round's size.
    public func claim(limit: Int) throws -> TargetClaim {
        try connection.withLock { connection in
            let after = cursor.withLock { $0 }
            var claimed = try claim(limit: limit, after: after, connection)
            if claimed.isEmpty, after != nil { claimed = try claim(limit: limit, after: nil, connection) }
            if let last = claimed.last {
                cursor.withLock { $0 = last }
                try store.readAhead(claimed)
                return .claimed(claimed)
            }
            let left = try connection.query(
                """
                SELECT count(*) FROM pricewatch.targets t JOIN run_targets USING (id)
                WHERE coalesce(t.checked_round, 0) < $1::bigint
                """, [.integer(round)])
            return left.integer(0, 0) == 0 ? .finished : .waiting
        }
    }

    /// Leases up to `limit` free targets of the round with ids after `after` (all, for nil); their ids, sorted.
    private func claim(limit: Int, after: String?, _ connection: PostgresConnection) throws -> [String] {
        let claimed = try connection.query(
            """
            WITH free AS (
                SELECT t.id FROM pricewatch.targets t JOIN run_targets USING (id)
                WHERE coalesce(t.checked_round, 0) < $1::bigint AND (t.lease_until IS NULL OR t.lease_until < now())
                    \(after == nil ? "" : "AND t.id > $5")
                ORDER BY t.id LIMIT $2::integer
                FOR UPDATE OF t SKIP LOCKED)
            UPDATE pricewatch.targets t SET leased_by = $3, lease_until = now() + $4::double precision * interval '1 second'
            FROM free WHERE t.id = free.id RETURNING t.id
            """,
            [.integer(round), .integer(limit), .text(runner), PostgresValue.seconds(lease)]
                + (try after.map { [try PostgresValue.text($0)] } ?? []))
        return claimed.values.compactMap { $0[0] }.sorted()
    }

    public func finish(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        let seen = store.takeSightings(ids)
        store.forget(ids)
        _ = try connection.withLock { connection in
            // A target whose lease another runner took over (this one was frozen past it) is that runner's now,
            // and so is its sighting.
            try connection.query(
                """
                WITH finished AS (
                    UPDATE pricewatch.targets SET checked_round = $1::bigint, leased_by = NULL, lease_until = NULL
                    WHERE id = ANY($2::text[]) AND leased_by = $3 RETURNING id)
                \(PostgresRecordStore.writeSightings(parameters: 4, joining: "finished"))
                """, [.integer(round), .textArray(ids), .text(runner)] + seen.parameters)
        }
    }

    public func release(_ ids: [String]) throws {
        guard !ids.isEmpty else { return }
        // Given back unchecked: a sighting noted for one would be the next runner's to note.
        _ = store.takeSightings(ids)
        store.forget(ids)
        _ = try connection.withLock { connection in
            try connection.query(
                """
                UPDATE pricewatch.targets SET leased_by = NULL, lease_until = NULL
                WHERE id = ANY($1::text[]) AND leased_by = $2
                """, [.textArray(ids), .text(runner)])
        }
    }

    public func renew() throws {
        _ = try connection.withLock { connection in
            try connection.query(
                """
                UPDATE pricewatch.targets SET lease_until = now() + $2::double precision * interval '1 second'
                WHERE leased_by = $1
                """, [.text(runner), PostgresValue.seconds(lease)])
        }
    }

    public func close(_ report: Report) throws {
        try connection.withLock { connection in
            try connection.query(
                "UPDATE pricewatch.targets SET leased_by = NULL, lease_until = NULL WHERE leased_by = $1",
                [.text(runner)])
            try recordFailures(of: report, connection)
            try connection.query(
                """
                UPDATE pricewatch.runs SET finished_at = now(), targets = $2::integer, changed = $3::integer,
                    failed = $4::integer
                WHERE id = $1::bigint
                """,
                [
                    .integer(run), .integer(report.targets.count),
                    .integer(report.targets.filter { $0.status == .changed }.count),
                    .integer(report.targets.filter { $0.status == .failed }.count),
                ])
        }
    }

    /// Notes which of the targets this runner checked are failing and since when, for `pricewatch report`: a
    /// target failing the same way keeps the start of its streak, a target that succeeded is cleared, and the
    /// targets other runners checked are theirs to note.
    private func recordFailures(of report: Report, _ connection: PostgresConnection) throws {
        let failed = report.targets.filter { $0.status == .failed }
        try connection.transaction { connection in
            try connection.query(
                "DELETE FROM pricewatch.failures WHERE target_id = ANY($1::text[])",
                [.textArray(report.targets.filter { $0.status != .failed }.map(\.id))])
            guard !failed.isEmpty else { return }
            try connection.query(
                """
                INSERT INTO pricewatch.failures AS f (target_id, kind, since, last_failed, message)
                SELECT failed.id, failed.kind, $4::timestamptz, $4::timestamptz, failed.message
                FROM unnest($1::text[], $2::text[], $3::text[]) AS failed (id, kind, message)
                ON CONFLICT (target_id) DO UPDATE SET
                    since = CASE WHEN f.kind = excluded.kind THEN f.since ELSE excluded.since END,
                    kind = excluded.kind, last_failed = excluded.last_failed, message = excluded.message
                """,
                [
                    .textArray(failed.map(\.id)), .textArray(failed.map { TargetFailure.Kind($0).rawValue }),
                    .textArray(failed.map { $0.error ?? "failed" }), .text(report.startedAt),
                ])
        }
    }

    /// An arbitrary constant naming the round lock among the database's advisory locks.
    static let roundLockKey = 0x7072_6963_6572_6e64  // "pricernd"

    /// `host/pid/random`: unique among the runners sharing a database, and telling where a lease came from.
    public static func runnerName() -> String {
        let host = ProcessInfo.processInfo.hostName
        return "\(host)/\(getpid())/" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }
}

extension PostgresValue {
    /// A duration as seconds, for `$n::double precision * interval '1 second'`.
    static func seconds(_ duration: Duration) -> PostgresValue {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return PostgresValue(bytes: Array(String(value).utf8), isBinary: false, typeOID: 0)
    }
}
