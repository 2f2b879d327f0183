import Foundation

/// A target whose checks are failing, and since when: one entry of `failures.json` in the snapshot folder.
///
/// A failed check keeps the target's good snapshot, so the snapshot alone cannot tell that a page has been
/// broken for a week; `pricewatch report` shows "fetch failing since DATE" from this.
public struct TargetFailure: Hashable, Sendable, Codable {
    /// What failed.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// The page could not be fetched.
        case fetch
        /// The page no longer matches its selectors (or looked broken).
        case extraction
        /// The stored snapshot could not be read or written.
        case snapshot
    }

    /// What failed in the latest check.
    public var kind: Kind
    /// The first failed check of the current streak of failures of this kind, ISO 8601 UTC.
    public var since: String
    /// The latest failed check, ISO 8601 UTC.
    public var lastFailed: String
    /// What went wrong in the latest failed check.
    public var message: String

    /// Creates a failure entry.
    public init(kind: Kind, since: String, lastFailed: String, message: String) {
        self.kind = kind
        self.since = since
        self.lastFailed = lastFailed
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case kind, since, message
        case lastFailed = "last_failed"
    }
}

extension TargetFailure.Kind {
    /// What a failed target result says failed: its failure change, else its snapshot.
    public init(_ result: Report.TargetResult) {
        let kinds = Set(result.changes.map(\.kind))
        if kinds.contains(.fetchFailed) {
            self = .fetch
        } else if kinds.contains(.extractionFailed) {
            self = .extraction
        } else {
            self = .snapshot
        }
    }
}

extension SnapshotStore {
    var failuresPath: String { root + "/failures.json" }

    /// The targets whose latest check failed, by target id; empty when none is failing.
    ///
    /// - Throws: ``SnapshotError`` when `failures.json` cannot be read or is corrupt.
    public func failures() throws -> [String: TargetFailure] {
        guard let bytes = try FileIO.read(failuresPath) else { return [:] }
        return try SnapshotDecoding.decode([String: TargetFailure].self, from: bytes, file: failuresPath)
    }

    /// Records which targets of a finished run failed: a failing target keeps the start of its streak while
    /// it fails the same way, a target that succeeded is removed, and targets the run did not check are left
    /// as they were. The file is written only when something changed.
    ///
    /// Call it while holding the run's lock, after the run and before ``synchronize()``, which flushes it.
    /// - Parameters:
    ///   - report: The run's report.
    ///   - time: When the run checked the targets (its start), ISO 8601 UTC.
    /// - Throws: ``SnapshotError`` when `failures.json` is corrupt or cannot be written.
    public func recordFailures(of report: Report, at time: String) throws {
        try recordFailures(
            report.targets.filter { $0.status == .failed }, amongChecked: report.targets.map(\.id), at: time)
    }

    /// ``recordFailures(of:at:)`` for a run whose report was not kept whole: `failed` holds the failed
    /// targets' results, `checked` the id of every target the run checked, failed or not.
    public func recordFailures(_ failed: [Report.TargetResult], amongChecked checked: [String], at time: String)
        throws
    {
        let before = try failures()
        guard !before.isEmpty || !failed.isEmpty else { return }
        var after = before
        for id in checked where before[id] != nil { after[id] = nil }
        for result in failed {
            let kind = TargetFailure.Kind(result)
            let since = before[result.id].flatMap { $0.kind == kind ? $0.since : nil } ?? time
            after[result.id] = TargetFailure(
                kind: kind, since: since, lastFailed: time, message: result.error ?? "failed")
        }
        guard after != before else { return }
        if after.isEmpty {
            try FileIO.remove(failuresPath, durable: durable)
        } else {
            try FileIO.makeDirectories(root, durable: false)
            try FileIO.writeAtomically(PricewatchJSON.encode(after), to: failuresPath, durable: durable)
        }
    }
}
