import PricewatchJSONCoding

/// `.index.json` read without Foundation's decoder when it is in the writer's own compact form: the decoder
/// took tens of milliseconds for 1,000 targets at the start of every run. Each entry is read through its
/// `Decodable` conformance from its own small tree, never a tree of the whole file (100,000 targets would
/// hold a few hundred megabytes), and the file is read in pieces straight into the ``IndexTable``: its
/// bytes whole were 60 MB at 100,000 targets, beside the table. Anything else (a hand-edited file, another
/// formatting, an escaped id) is left to the decoder, so this only ever reads less, never wrongly.
extension SnapshotIndex {
    /// How much of the file is read at a time.
    static let pieceSize = 256 * 1024

    /// The entries of the index file at `path` in the writer's own form; nil when it is missing, unreadable
    /// or in any other form, for the decoder to read.
    static func decodedAsWritten(path: String) -> IndexTable? {
        let table = try? FileIO.withPieces(of: path, pieceSize: pieceSize) { nextPiece in
            decodedAsWritten(pieceSize: pieceSize, nextPiece: nextPiece)
        }
        return table ?? nil
    }

    /// The entries of index file text in the writer's own form, handed over in pieces of `pieceSize` bytes.
    static func decodedAsWritten(_ bytes: [UInt8], pieceSize: Int = SnapshotIndex.pieceSize) -> IndexTable? {
        decodedAsWritten(pieceSize: pieceSize, nextPiece: PiecewiseText.pieces(of: bytes, size: pieceSize))
    }

    private static func decodedAsWritten(pieceSize: Int, nextPiece: () throws -> [UInt8]) -> IndexTable? {
        withoutActuallyEscaping(nextPiece) { nextPiece in
            decodedAsWritten(PiecewiseText(pieceSize: pieceSize, nextPiece: nextPiece))
        }
    }

    private static func decodedAsWritten(_ pieces: PiecewiseText) -> IndexTable? {
        var text = pieces
        let hasEntries = text.read { text, ended -> Bool? in
            guard text.literal("{\"schema\":"), text.string() == SnapshotIndex.schemaID,
                text.literal(",\"targets\":{")
            else { return nil }
            if text.literal("}") { return text.literal("}\n") && text.atEnd && ended ? false : nil }
            return text.next == nil ? nil : true
        }
        guard let hasEntries else { return nil }
        var targets = IndexTable()
        var more = hasEntries
        while more {
            let read = text.read { text, ended -> (String, Entry, more: Bool)? in
                guard let id = text.string(), text.literal(":"), let value = JSONValue.read(from: &text) else {
                    return nil
                }
                let more = text.literal(",")
                guard more || (text.literal("}}\n") && text.atEnd && ended),
                    let entry = try? JSONValueDecoder.decode(Entry.self, from: value)
                else { return nil }
                return (id, entry, more)
            }
            guard let (id, entry, next) = read, targets[id] == nil else { return nil }
            targets[id] = entry
            more = next
        }
        return targets
    }
}
