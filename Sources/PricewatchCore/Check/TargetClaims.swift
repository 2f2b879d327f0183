/// Shares a run's targets between runners on several hosts: each target goes to one runner per round, under a
/// lease that a killed runner lets expire, so that the next runner takes the target over.
///
/// The PostgreSQL store provides it; a snapshot folder needs none, since its run lock lets one run at a time.
///
/// ```swift
/// let report = try await runner.run(targets: config.targets, sharing: claims)
/// ```
public protocol TargetClaims: Sendable {
    /// Claims up to `limit` of the run's targets that were not checked in this round and that no live runner
    /// holds.
    func claim(limit: Int) throws -> TargetClaim
    /// Marks claimed targets checked in this round (whatever the outcome) and releases their leases.
    func finish(_ ids: [String]) throws
    /// Gives claimed targets back unchecked (the run was interrupted), for another runner to take at once.
    func release(_ ids: [String]) throws
    /// Extends the leases this runner holds; called every ``renewalInterval`` while targets are under way, so
    /// that only a runner that stopped (killed, frozen) loses its targets.
    func renew() throws
    /// How often ``renew()`` is called: a fraction of the lease.
    var renewalInterval: Duration { get }
    /// Records the run's outcome and releases whatever this runner still holds.
    func close(_ report: Report) throws
}

/// What ``TargetClaims/claim(limit:)`` found.
public enum TargetClaim: Sendable, Hashable {
    /// These targets are this runner's until it finishes or releases them, or its lease expires.
    case claimed([String])
    /// Nothing is free now, but other runners hold targets of the round: ask again shortly (a killed runner's
    /// targets come free when its lease expires).
    case waiting
    /// Every target of the run was checked in this round.
    case finished
}
