import PricewatchJSONCoding

/// `.index.json` written in pieces: the text of 100,000 targets is 40 MB, and Foundation's encoder took tens
/// of milliseconds for 1,000 targets, at the end of every run that changed anything, while nothing else ran.
///
/// The text is what ``PricewatchJSON/encode(_:pretty:)`` writes in its compact form (sorted keys, no
/// spaces, nil fields left out, a final newline); each entry comes from its `Encodable` conformance.
extension SnapshotIndex {
    /// The index file's bytes for `targets`.
    static func encoded(_ targets: [String: Entry]) -> [UInt8] {
        var bytes: [UInt8] = []
        write(IndexTable(targets)) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Hands the index file's bytes for `targets` to `output` in pieces of about 64 KB: the text of 100,000
    /// targets is 40 MB, more than the rest of a run holds.
    static func write(_ targets: IndexTable, to output: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(output) { write(targets, into: JSONText(output: $0)) }
    }

    private static func write(_ targets: IndexTable, into text: JSONText) {
        var out = text
        out.raw("{\"schema\":")
        out.string(schemaID)
        out.raw(",\"targets\":{")
        for (number, id) in targets.sortedIDs().enumerated() {
            guard let entry = targets[id] else { continue }
            if number > 0 { out.raw(",") }
            out.string(id)
            out.raw(":")
            out.entry(entry)
            out.flushIfFull()
        }
        out.raw("}}\n")
        out.flush()
    }
}

/// A compact JSON text being written, handed on in pieces.
private struct JSONText {
    private var bytes: [UInt8] = []
    let output: (UnsafeRawBufferPointer) -> Void
    private static let pieceSize = 64 * 1024

    init(output: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.output = output
        bytes.reserveCapacity(Self.pieceSize + 4096)
    }

    mutating func flushIfFull() {
        if bytes.count >= Self.pieceSize { flush() }
    }

    mutating func flush() {
        bytes.withUnsafeBytes(output)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A string literal, escaped as the layout escapes it.
    mutating func string(_ text: String) {
        bytes.appendJSONString(text)
    }

    /// An entry through its `Encodable` conformance, as every other document is written. Its fields are
    /// strings and integers, which always encode.
    mutating func entry(_ entry: SnapshotIndex.Entry) {
        guard let value = try? JSONValueEncoder.encode(entry) else {
            preconditionFailure("an index entry holds only strings and integers")
        }
        value.append(to: &bytes, pretty: false)
    }
}
