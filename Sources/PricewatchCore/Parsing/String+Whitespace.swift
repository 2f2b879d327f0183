extension String {
    /// The text with each run of whitespace made one space and both ends trimmed, as a page shows it.
    ///
    /// Text from ``PricewatchHTML`` arrives collapsed already, so the bytes are checked first: an extraction
    /// then costs one scan per value instead of a split and a join.
    public var collapsingWhitespace: String {
        isCollapsed ? self : split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether splitting at whitespace and joining with single spaces would give the same text: only single
    /// spaces between other characters. Bytes that could start a non-ASCII whitespace character (lead bytes
    /// 0xC2, 0xE1–0xE3), or a non-ASCII byte right after a space (a combining mark joins the space into one
    /// whitespace `Character`), send the text the slow way.
    private var isCollapsed: Bool {
        utf8.withContiguousStorageIfAvailable(Self.isCollapsed) ?? Array(utf8).withUnsafeBufferPointer(Self.isCollapsed)
    }

    /// ``isCollapsed`` on the bytes. `previous` starts as 0 for "at the start": a NUL inside the text then
    /// only sends it the slow way, which gives a collapsed text back unchanged.
    private static func isCollapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case 0x20 where previous == 0x20 || previous == 0: return false
            case 0x09...0x0D, 0xC2, 0xE1...0xE3: return false
            case 0x80... where previous == 0x20: return false
            default: break
            }
            previous = byte
        }
        return previous != 0x20
    }
}
