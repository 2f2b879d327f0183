extension String {
    /// The text with each run of whitespace made one space and both ends trimmed, as a page shows it.
    ///
    /// Text from ``PricewatchHTML`` arrives collapsed already, so the bytes are checked first: an extraction
    /// then costs one scan per value instead of a split and a join.
    var collapsingWhitespace: String {
        isCollapsed ? self : split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether splitting at whitespace and joining with single spaces would give the same text: only single
    /// spaces between other characters. Bytes that could start a non-ASCII whitespace character (lead bytes
    /// 0xC2, 0xE1–0xE3), or a non-ASCII byte right after a space (a combining mark joins the space into one
    /// whitespace `Character`), send the text the slow way.
    private var isCollapsed: Bool {
        var previous: UInt8?
        for byte in utf8 {
            switch byte {
            case 0x20 where previous == nil || previous == 0x20: return false
            case 0x09...0x0D, 0xC2, 0xE1...0xE3: return false
            case 0x80... where previous == 0x20: return false
            default: break
            }
            previous = byte
        }
        return previous != 0x20
    }
}
