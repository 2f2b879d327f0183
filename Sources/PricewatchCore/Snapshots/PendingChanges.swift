/// A target's changes that are stored but not yet alerted: the store commits them together with the snapshot
/// that records them, so a run killed at any point never leaves a stored change whose alert is lost.
///
/// Written to `<snapshots>/.pending/` as `pricewatch.pending/1` (see docs/formats.md); the notifier turns
/// every pending entry into alerts in the outbox and then removes it.
public struct PendingChanges: Sendable, Hashable, Codable {
    /// The schema identifier written in every entry.
    public static let schemaID = "pricewatch.pending/1"

    /// Names the entry in the store; alerts in the outbox list the entries they report by it.
    public var id: String = ""
    /// The target whose snapshot changed.
    public var target: String
    /// The target's URL, for the alert's link.
    public var url: String?
    /// The vendor's name, for the alert's header.
    public var vendor: String?
    /// When the page holding the changes was fetched (`first_seen` of the new history version).
    public var recordedAt: String
    /// The changes, as the report listed them.
    public var changes: [Change]
    /// The content fingerprint of the record the changes led to: a prepared entry whose target's
    /// `latest.json` holds this content was committed (see ``SnapshotStore/pendingChanges()``).
    var content: SnapshotDigest
    /// `pricewatch.pending/1`.
    public var schema = Self.schemaID

    init(target: String, url: String?, vendor: String?, recordedAt: String, changes: [Change], content: SnapshotDigest)
    {
        self.target = target
        self.url = url
        self.vendor = vendor
        self.recordedAt = recordedAt
        self.changes = changes
        self.content = content
    }

    /// The entry as a changed target of a report, for the alert builders.
    public var targetResult: Report.TargetResult {
        Report.TargetResult(id: target, url: url, vendor: vendor, status: .changed, changes: changes)
    }

    enum CodingKeys: String, CodingKey {
        case schema, target, url, vendor, changes, content
        case recordedAt = "recorded_at"
    }
}
