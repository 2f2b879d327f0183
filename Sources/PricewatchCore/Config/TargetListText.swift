/// `selectors.yml` with its `targets:` list cut out of the text item by item, so the list is read one target at
/// a time instead of as one Yams node tree.
///
/// Yams composes a whole document before anything reads it: for 100,000 targets the tree took about 100 MB
/// (1 KB a target), more than everything else a run holds. Each item here is composed on its own and dropped
/// once its ``Target`` is read. The cut is made only for the plain layout (a top-level `targets:` key followed
/// by a block list); ``Configuration/parse(yaml:file:)`` reads the whole tree as before whenever the cut
/// text does not compose exactly as expected (flow lists, anchors shared between items, ...), so the result
/// and every error are the same either way.
struct TargetListText {
    /// The document with the list's lines emptied and `targets: []` on the key's line: every other key keeps
    /// its line number.
    let rest: String
    /// The 1-based line of the `targets:` key.
    let keyLine: Int
    /// Each item's lines (from its `-` to the line before the next item) and the 1-based line it starts on.
    let items: [(text: Substring, line: Int)]

    /// The cut, or nil when the text has no top-level `targets:` key followed by a block list, or has two.
    init?(_ text: String) {
        // Byte offsets only, line by line: a line array of a 100,000-target file would itself take 16 MB.
        var copy = text
        guard let cut = copy.withUTF8({ Cut(bytes: $0) }) else { return nil }
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        items = cut.items.map { (text[index($0.start)..<index($0.end)], $0.line) }
        keyLine = cut.keyLine
        rest =
            String(text[..<index(cut.keyStart)]) + "targets: []\n"
            + String(repeating: "\n", count: cut.lineBreaksInList) + text[index(cut.listEnd)...]
    }

    /// Where the parts are, as byte offsets into the text.
    private struct Cut {
        var keyStart = 0
        var keyLine = 0
        /// The end of the list: the start of the first line after it (or the text's end).
        var listEnd = 0
        /// Line breaks from the end of the key's line to `listEnd`.
        var lineBreaksInList = 0
        var items: [(start: Int, end: Int, line: Int)] = []

        init?(bytes: UnsafeBufferPointer<UInt8>) {
            var line = 1
            var position = 0
            var itemColumn: Int?
            // The end of the last line with content in the list, so the list ends before the blank and
            // comment lines that precede the next key.
            var lastContentEnd = 0
            var lastContentLine = 0
            var inList = false
            while position < bytes.count {
                let lineEnd = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let next = min(lineEnd + 1, bytes.count)
                let content = Self.contentColumn(bytes, from: position, to: lineEnd)
                if Self.isTargetsKey(bytes, from: position, to: lineEnd) {
                    guard keyLine == 0 else { return nil }  // two: left to the whole document's reading
                    keyStart = position
                    keyLine = line
                    lastContentEnd = next
                    lastContentLine = line
                    inList = true
                } else if inList, let column = content {
                    let startsItem = Self.startsItem(bytes, at: position + column, lineEnd: lineEnd)
                    if let itemColumn, column > itemColumn {
                        // More of the current item.
                    } else if startsItem, itemColumn == nil || column == itemColumn {
                        itemColumn = column
                        if !items.isEmpty { items[items.count - 1].end = position }
                        items.append((position, 0, line))
                    } else {
                        inList = false
                    }
                    if inList {
                        lastContentEnd = next
                        lastContentLine = line
                    }
                }
                position = next
                line += 1
            }
            guard keyLine > 0, !items.isEmpty else { return nil }
            items[items.count - 1].end = lastContentEnd
            listEnd = lastContentEnd
            lineBreaksInList = lastContentLine - keyLine
        }

        /// `targets:` at the start of a line, with nothing after it but spaces and a comment.
        private static func isTargetsKey(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
            let key = Array("targets:".utf8)
            guard end - start >= key.count, bytes[start..<start + key.count].elementsEqual(key) else { return false }
            var position = start + key.count
            while position < end, bytes[position] == UInt8(ascii: " ") { position += 1 }
            return isLineEnd(bytes, at: position, lineEnd: end) || bytes[position] == UInt8(ascii: "#")
        }

        /// The column of the line's first byte that is not a space, or nil for a blank or comment line.
        private static func contentColumn(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
            var position = start
            while position < end, bytes[position] == UInt8(ascii: " ") { position += 1 }
            guard !isLineEnd(bytes, at: position, lineEnd: end), bytes[position] != UInt8(ascii: "#") else {
                return nil
            }
            return position - start
        }

        /// Whether a block list item starts at `position`: `-` followed by a space or the line's end.
        private static func startsItem(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, lineEnd: Int) -> Bool {
            guard bytes[position] == UInt8(ascii: "-") else { return false }
            return isLineEnd(bytes, at: position + 1, lineEnd: lineEnd) || bytes[position + 1] == UInt8(ascii: " ")
        }

        /// Whether the line ends at `position`: the `\n` (at `lineEnd`) or the `\r` of a `\r\n`. A `\r` that
        /// any other byte follows is a line break of its own to YAML, which these cuts do not follow: such a text
        /// goes to the whole document's reading (the item-by-item reading once dropped what followed it).
        private static func isLineEnd(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, lineEnd: Int) -> Bool {
            position == lineEnd || (position + 1 == lineEnd && bytes[position] == UInt8(ascii: "\r"))
        }
    }
}
