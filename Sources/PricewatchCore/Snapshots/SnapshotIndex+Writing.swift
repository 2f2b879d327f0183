import PricewatchHashing
import PricewatchJSONCoding

/// `.index.json` written by hand: the JSON encoder took tens of milliseconds for 1,000 targets, at the end
/// of every run that changed anything, while nothing else ran.
///
/// The text is what ``PricewatchJSON/encode(_:pretty:)`` writes in its compact form (sorted keys, no
/// spaces, nil fields left out, a final newline), and a test reads it back with the decoder every run uses.
extension SnapshotIndex {
    /// The index file's bytes for `targets`.
    static func encoded(_ targets: [String: Entry]) -> [UInt8] {
        var bytes: [UInt8] = []
        write(targets) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Hands the index file's bytes for `targets` to `output` in pieces of about 64 KB: the text of 100,000
    /// targets is 40 MB, more than the rest of a run holds.
    static func write(_ targets: [String: Entry], to output: (UnsafeRawBufferPointer) -> Void) {
        withoutActuallyEscaping(output) { write(targets, into: JSONText(output: $0)) }
    }

    private static func write(_ targets: [String: Entry], into text: JSONText) {
        var out = text
        out.raw("{\"schema\":")
        out.string(schemaID)
        out.raw(",\"targets\":{")
        for (number, id) in targets.keys.sorted().enumerated() {
            guard let entry = targets[id] else { continue }
            if number > 0 { out.raw(",") }
            out.string(id)
            out.raw(":{")
            var separator = ""
            if let history = entry.history {
                out.raw("\"history\":{\"summary\":")
                out.summary(history.summary)
                out.raw(",\"version\":\(history.version)}")
                separator = ","
            }
            if let latest = entry.latest {
                out.raw(separator + "\"latest\":")
                out.summary(latest)
            }
            out.raw("}")
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

    /// A string literal, escaped as the encoder escapes it.
    mutating func string(_ text: String) {
        bytes.appendJSONString(text)
    }

    /// Written byte by byte, without interpolating: two summaries per target, and formatting them as
    /// strings was most of the index's cost at the end of every run.
    mutating func summary(_ summary: SnapshotIndex.FileSummary) {
        literal("{\"content\":\"")
        summary.content.bytes.appendHex(to: &bytes)
        literal("\",\"file\":\"")
        summary.file.bytes.appendHex(to: &bytes)
        literal("\"")
        if let identity = summary.identity {
            literal(",\"identity\":{\"changed\":")
            integer(identity.changed)
            literal(",\"device\":")
            integer(identity.device)
            literal(",\"inode\":")
            integer(identity.inode)
            literal(",\"modified\":")
            integer(identity.modified)
            literal(",\"size\":")
            integer(identity.size)
            literal("}")
        }
        literal("}")
    }

    private mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits, as `String(describing:)` prints the integer.
    private mutating func integer(_ value: some BinaryInteger) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes.append(contentsOf: digits.reversed())
    }
}
