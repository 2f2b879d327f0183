import PricewatchJSONCoding

/// JSON text read a piece at a time, one unit (an object's opening, or a member with the comma or end after
/// it) after another: a unit cut by the end of a piece is read again with the next piece after it. The
/// readers of `.index.json` and `last-seen.json`, which name every target, hold a piece and a map, never the
/// file's bytes or a tree of it.
struct PiecewiseText {
    private var text = JSONTextReader(bytes: [])
    private var ended = false
    private let nextPiece: () throws -> [UInt8]
    /// How long a unit may grow, piece by piece, before the text counts as not the writer's: without a
    /// bound, a file that is not the writer's would be read whole, a piece at a time, before it is given up.
    private let longestUnit: Int

    init(pieceSize: Int, nextPiece: @escaping () throws -> [UInt8]) {
        self.nextPiece = nextPiece
        longestUnit = max(pieceSize, 64 * 1024)
    }

    /// What `read` makes of the next unit, which it is handed with whether the text ends where its bytes end;
    /// nil when it cannot be read even with more of the text.
    mutating func read<Unit>(_ read: (inout JSONTextReader, _ ended: Bool) -> Unit?) -> Unit? {
        while true {
            var attempt = text
            if let unit = read(&attempt, ended) {
                text = attempt
                return unit
            }
            let start = text.position
            guard !ended, text.bytes.count - start < longestUnit, let piece = try? nextPiece() else { return nil }
            if piece.isEmpty { ended = true }
            text = JSONTextReader(bytes: Array(text.bytes[start...]) + piece)
        }
    }

    /// The pieces of `bytes`, for reading text in memory as a file is read (tests cut it at every place).
    static func pieces(of bytes: [UInt8], size: Int) -> () -> [UInt8] {
        var offset = 0
        return {
            defer { offset = min(bytes.count, offset + size) }
            return Array(bytes[offset..<min(bytes.count, offset + size)])
        }
    }
}

extension PiecewiseText {
    /// The JSON object of strings in the file at `path` (`last-seen.json`), read a member at a time straight
    /// into the map: the file's bytes and a tree of it took more than the map itself. Nil when
    /// the file is missing or unreadable, or is anything but an object of strings without a repeated key (the
    /// decoder then reads it, and says what is wrong).
    static func stringMap(path: String, pieceSize: Int = 256 * 1024) -> [String: String]? {
        let map = try? FileIO.withPieces(of: path, pieceSize: pieceSize) { nextPiece in
            stringMap(pieceSize: pieceSize, nextPiece: nextPiece)
        }
        return map ?? nil
    }

    /// ``stringMap(path:pieceSize:)`` of text handed over in pieces of `pieceSize` bytes.
    static func stringMap(_ bytes: [UInt8], pieceSize: Int) -> [String: String]? {
        stringMap(pieceSize: pieceSize, nextPiece: pieces(of: bytes, size: pieceSize))
    }

    private static func stringMap(pieceSize: Int, nextPiece: () throws -> [UInt8]) -> [String: String]? {
        withoutActuallyEscaping(nextPiece) { nextPiece in
            var text = PiecewiseText(pieceSize: pieceSize, nextPiece: nextPiece)
            // Whether the object has members; the closing brace is followed only by whitespace.
            let closes = { (text: inout JSONTextReader, ended: Bool) -> Bool in
                text.skipWhitespace()
                return text.atEnd && ended
            }
            let opened = text.read { text, ended -> Bool? in
                text.skipWhitespace()
                guard text.literal("{") else { return nil }
                text.skipWhitespace()
                if text.literal("}") { return closes(&text, ended) ? false : nil }
                return text.next == nil ? nil : true
            }
            guard var more = opened else { return nil }
            var map: [String: String] = [:]
            while more {
                let member = text.read { text, ended -> (String, String, more: Bool)? in
                    text.skipWhitespace()
                    guard let key = text.string() else { return nil }
                    text.skipWhitespace()
                    guard text.literal(":") else { return nil }
                    text.skipWhitespace()
                    guard let value = text.string() else { return nil }
                    text.skipWhitespace()
                    if text.literal(",") { return (key, value, true) }
                    return text.literal("}") && closes(&text, ended) ? (key, value, false) : nil
                }
                guard let (key, value, next) = member, map.updateValue(value, forKey: key) == nil else { return nil }
                more = next
            }
            return map
        }
    }
}
