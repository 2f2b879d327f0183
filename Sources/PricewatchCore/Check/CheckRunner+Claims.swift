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
        targets: [Target], sharing claims: any TargetClaims, batchSize: Int = 64,
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
        claiming: while !Task.isCancelled {
            switch try claims.claim(limit: batchSize) {
            case .finished:
                break claiming
            case .waiting:
                try? await Task.sleep(for: pollInterval)
            case .claimed(let ids):
                let batch = try await run(targets: ids.compactMap { byID[$0] })
                // A cancelled run lists the targets it did not reach as failed with `cancelled`: they go back.
                let unfinished = Set(
                    batch.targets.filter { Task.isCancelled && $0.status == .failed && $0.error == "cancelled" }
                        .map(\.id))
                for result in batch.targets where !unfinished.contains(result.id) { results[result.id] = result }
                try claims.finish(ids.filter { !unfinished.contains($0) })
                if !unfinished.isEmpty { try claims.release(Array(unfinished)) }
            }
        }
        let report = Report(
            startedAt: startedAt, finishedAt: Timestamp.now(), targets: targets.compactMap { results[$0.id] })
        try claims.close(report)
        return report
    }
}
