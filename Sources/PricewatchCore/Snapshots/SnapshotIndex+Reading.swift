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

/// A cursor over the writer's compact text; every method returns nil at the first byte it did not expect.
private struct IndexReader {
    let bytes: [UInt8]
    var position = 0

    mutating func index() -> [String: SnapshotIndex.Entry]? {
        guard literal("{\"schema\":"), let schema = string(), schema == SnapshotIndex.schemaID,
            literal(",\"targets\":{")
        else { return nil }
        var targets: [String: SnapshotIndex.Entry] = [:]
        if literal("}") { return literal("}\n") && atEnd ? targets : nil }
        repeat {
            guard let id = string(), literal(":{"), let entry = entry(), targets[id] == nil else { return nil }
            targets[id] = entry
        } while literal(",")
        return literal("}}\n") && atEnd ? targets : nil
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

    /// A quoted string without escapes (ids and digests never need one; one that does goes to the decoder).
    private mutating func string() -> String? {
        guard literal("\"") else { return nil }
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            guard bytes[position] != UInt8(ascii: "\\"), bytes[position] >= 0x20 else { return nil }
            position += 1
        }
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func digest() -> SnapshotDigest? {
        string().flatMap { SnapshotDigest(hex: $0) }
    }

    /// An integer as the writer prints them: an optional minus and digits, within Int64 (device and inode
    /// numbers above Int64.max go to the decoder).
    private mutating func number() -> Int64? {
        let negative = literal("-")
        var value: Int64 = 0
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(Int64(bytes[position] - UInt8(ascii: "0")))
            guard !overflow, !overflowAdd else { return nil }
            value = sum
            position += 1
        }
        guard position > start else { return nil }
        return negative ? -value : value
    }

    private mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = text.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        if matches { position += count }
        return matches
    }

    private var atEnd: Bool { position == bytes.count }
}
