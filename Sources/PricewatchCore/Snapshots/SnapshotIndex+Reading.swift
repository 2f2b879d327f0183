import PricewatchJSONCoding

/// `.index.json` read by hand when it is exactly what ``SnapshotIndex/encoded(_:)`` writes: the JSON decoder
/// took tens of milliseconds for 1,000 targets at the start of every run. Anything else (a hand-edited file,
/// another formatting, an escaped id) is left to the decoder, so this only ever reads less, never wrongly.
extension SnapshotIndex {
    /// The entries of an index file in the writer's own form, or nil for the decoder to read.
    static func decodedAsWritten(_ bytes: [UInt8]) -> [String: Entry]? {
        var reader = IndexReader(bytes: bytes)
        return reader.index()
    }
}

/// The index's entries, read with ``JSONTextReader``.
private struct IndexReader {
    var text: JSONTextReader

    init(bytes: [UInt8]) {
        text = JSONTextReader(bytes: bytes)
    }

    mutating func index() -> [String: SnapshotIndex.Entry]? {
        guard literal("{\"schema\":"), let schema = string(), schema == SnapshotIndex.schemaID,
            literal(",\"targets\":{")
        else { return nil }
        var targets: [String: SnapshotIndex.Entry] = [:]
        if literal("}") { return literal("}\n") && text.atEnd ? targets : nil }
        repeat {
            guard let id = string(), literal(":{"), let entry = entry(), targets[id] == nil else { return nil }
            targets[id] = entry
        } while literal(",")
        return literal("}}\n") && text.atEnd ? targets : nil
    }

    private mutating func entry() -> SnapshotIndex.Entry? {
        var entry = SnapshotIndex.Entry()
        if literal("\"history\":{\"summary\":") {
            guard let summary = summary(), literal(",\"version\":"), let version = number(), literal("}") else {
                return nil
            }
            entry.history = .init(version: Int(version), summary: summary)
            if !literal(",") { return literal("}") ? entry : nil }
        }
        if literal("\"latest\":") {
            guard let summary = summary() else { return nil }
            entry.latest = summary
        }
        return literal("}") ? entry : nil
    }

    private mutating func summary() -> SnapshotIndex.FileSummary? {
        guard literal("{\"content\":"), let content = digest(), literal(",\"file\":"), let file = digest() else {
            return nil
        }
        var identity: FileIdentity?
        if literal(",\"identity\":{\"changed\":") {
            guard let changed = number(), literal(",\"device\":"), let device = number(), literal(",\"inode\":"),
                let inode = number(), literal(",\"modified\":"), let modified = number(), literal(",\"size\":"),
                let size = number(), literal("}"), device >= 0, inode >= 0
            else { return nil }
            identity = FileIdentity(
                device: UInt64(device), inode: UInt64(inode), size: size, modified: modified, changed: changed)
        }
        return literal("}") ? SnapshotIndex.FileSummary(file: file, identity: identity, content: content) : nil
    }

    private mutating func digest() -> SnapshotDigest? {
        string().flatMap { SnapshotDigest(hex: $0) }
    }

    private mutating func literal(_ expected: StaticString) -> Bool { text.literal(expected) }
    private mutating func string() -> String? { text.string() }
    private mutating func number() -> Int64? { text.number() }
}
