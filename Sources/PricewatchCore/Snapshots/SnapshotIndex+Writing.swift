/// `.index.json` written by hand: the JSON encoder took tens of milliseconds for 1,000 targets, at the end
/// of every run that changed anything, while nothing else ran.
///
/// The text is what ``PricewatchJSON/encode(_:pretty:)`` writes in its compact form (sorted keys, no
/// spaces, nil fields left out, a final newline), and a test reads it back with the decoder every run uses.
extension SnapshotIndex {
    /// The index file's bytes for `targets`.
    static func encoded(_ targets: [String: Entry]) -> [UInt8] {
        var out = JSONText()
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
        }
        out.raw("}}\n")
        return out.bytes
    }
}

/// A compact JSON text being written.
private struct JSONText {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1 << 20)
    }

    mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A string literal, escaped as JSON requires (target ids are plain ASCII, so this rarely does more
    /// than quote).
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x00..<0x20: raw("\\u00\([byte].hexString)")
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func summary(_ summary: SnapshotIndex.FileSummary) {
        raw("{\"content\":\"\(summary.content)\",\"file\":\"\(summary.file)\"")
        if let identity = summary.identity {
            raw(",\"identity\":{\"changed\":\(identity.changed),\"device\":\(identity.device),")
            raw("\"inode\":\(identity.inode),\"modified\":\(identity.modified),\"size\":\(identity.size)}")
        }
        raw("}")
    }
}
