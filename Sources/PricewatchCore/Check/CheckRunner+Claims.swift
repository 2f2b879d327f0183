import Foundation

extension CheckRunner {
    /// Checks the targets this runner claims, batch by batch, until every target of the round is checked by
    /// some runner; returns the report of the targets this runner checked.
    ///
    /// While a batch is under way its leases are renewed, so a slow batch keeps its targets and a killed
    /// runner's targets pass to the next runner once its lease expires. An interrupted run gives back the
    /// targets it had not finished.
    /// - Parameters:
    ///   - targets: The run's targets; ``TargetClaims`` hands out their ids.
    ///   - claims: The shared round, such as the PostgreSQL store's.
    ///   - batchSize: Targets claimed at once: enough to keep the fetcher and the extraction workers busy.
    ///   - pollInterval: How long to wait before asking again while other runners hold the remaining targets.
    /// - Throws: When the claims cannot be read or written (the database went away), or the run cannot start.
    public func run(
        targets: some Collection<Target>, sharing claims: any TargetClaims, batchSize: Int = 64,
        pollInterval: Duration = .milliseconds(250)
    ) async throws -> Report {
        let startedAt = Timestamp.now()
        let byID = Dictionary(targets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [String: Report.TargetResult] = [:]
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: claims.renewalInterval)
                if !Task.isCancelled { try? claims.renew() }
            }
        }
        defer { heartbeat.cancel() }
        // The next batch is claimed (and its stored state read) while the current one runs, so the fetcher and
        // the workers do not wait for the database between batches.
        var next = Task { try claims.claim(limit: batchSize) }
        var claimedDuringBatch = false
        do {
            claiming: while !Task.isCancelled {
                let claim = try await next.value
                switch claim {
                case .finished:
                    break claiming
                case .waiting:
                    // Claimed while this runner still held its last batch, the round may have ended since.
                    if !claimedDuringBatch { try? await Task.sleep(for: pollInterval) }
                    claimedDuringBatch = false
                    next = Task { try claims.claim(limit: batchSize) }
                case .claimed(let ids):
                    claimedDuringBatch = true
                    next = Task { try claims.claim(limit: batchSize) }
                    let batch = try await run(targets: TargetList(ids.compactMap { byID[$0] }))
                    // A cancelled run lists the targets it did not reach as failed with `cancelled`: they go back.
                    let unfinished = Set(
                        batch.targets.filter { Task.isCancelled && $0.status == .failed && $0.error == "cancelled" }
                            .map(\.id))
                    for result in batch.targets where !unfinished.contains(result.id) { results[result.id] = result }
                    try claims.finish(ids.filter { !unfinished.contains($0) })
                    if !unfinished.isEmpty { try claims.release(Array(unfinished)) }
                }
            }
        } catch {
            try? await releaseClaimed(next, claims)
            throw error
        }
        try await releaseClaimed(next, claims)
        let report = Report(
            startedAt: startedAt, finishedAt: Timestamp.now(), targets: targets.compactMap { results[$0.id] })
        try claims.close(report)
        return report
    }

    /// Gives back what a claim made ahead took, when the run stops before checking it (cancelled, or failed).
    private func releaseClaimed(_ claim: Task<TargetClaim, any Error>, _ claims: any TargetClaims) async throws {
        if case .claimed(let ids) = try await claim.value { try claims.release(ids) }
    }
}
