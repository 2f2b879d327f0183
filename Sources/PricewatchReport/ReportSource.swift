import PricewatchCore

/// What the report reads of the stored snapshots: the targets, each one's history and which are failing.
///
/// Three reads keep the report independent of where snapshots live: ``SnapshotStore`` (the folder) conforms
/// here, and any other store that can answer them can be reported on.
///
/// ```swift
/// let html = try HTMLReport(options: options).render(from: SnapshotStore(directory: folder))
/// ```
public protocol ReportSource {
    /// The ids of every target with stored snapshots, sorted.
    func targets() throws -> [String]
    /// Every stored version of a target, oldest first.
    func history(for id: String) throws -> [HistoryEntry]
    /// The targets whose latest check failed, by id, with since when.
    func failures() throws -> [String: TargetFailure]
}

extension SnapshotStore: ReportSource {}
