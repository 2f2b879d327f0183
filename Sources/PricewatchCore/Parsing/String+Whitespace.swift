extension String {
    /// The text with each run of whitespace made one space and both ends trimmed, as a page shows it.
    ///
    /// Text from ``PricewatchHTML`` arrives collapsed already, so the bytes are checked first: an extraction
    /// then costs one scan per value instead of a split and a join.
    public var collapsingWhitespace: String {
        if isCollapsed { return self }
        return collapsedByScalars ?? split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The collapsed text built scalar by scalar, which is what splitting at whitespace `Character`s gives
    /// unless a scalar next to a whitespace one joins it into one `Character`: a combining mark after it, or
    /// a prepended mark before it. Then this is nil, and only the split on `Character`s is right.
    ///
    /// A whitespace `Character` is one whose first scalar is whitespace; "€ 29", "29 €" and "1 234 ₽" are
    /// collapsed here, without breaking the text into grapheme clusters.
    var collapsedByScalars: String? {
        var collapsed = String.UnicodeScalarView()
        var spaceBefore = false
        var previous: Unicode.Scalar?
        for scalar in unicodeScalars {
            let isSpace = Self.isWhitespace(scalar.value)
            if let previous, isSpace || Self.isWhitespace(previous.value),
                !Self.joinsNoNeighbour(previous.value) || !Self.joinsNoNeighbour(scalar.value)
            {
                return nil
            }
            previous = scalar
            if isSpace {
                spaceBefore = true
                continue
            }
            if spaceBefore && !collapsed.isEmpty { collapsed.append(" ") }
            spaceBefore = false
            collapsed.append(scalar)
        }
        return String(collapsed)
    }

    /// Unicode's White_Space property, which `Character.isWhitespace` reads from a character's first scalar.
    private static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Scalars that never join the scalar before or after them into one grapheme cluster (no combining,
    /// joining, spacing or prepended mark): ASCII, Latin-1 to the spacing modifiers, Cyrillic letters, and
    /// general punctuation and currency signs but for the zero-width (non-)joiner.
    private static func joinsNoNeighbour(_ value: UInt32) -> Bool {
        switch value {
        case 0x200C, 0x200D: false
        case 0...0x2FF, 0x400...0x482, 0x2000...0x20CF, 0x3000: true
        default: isWhitespace(value)
        }
    }

    /// Whether splitting at whitespace and joining with single spaces would give the same text: only single
    /// spaces between other characters. A non-ASCII whitespace scalar (no-break, ideographic and the other
    /// Unicode spaces), or a non-ASCII byte right after a space (a combining mark joins the space into one
    /// whitespace `Character`), sends the text the slow way; other non-ASCII text ("月額", "✓", "₹") does not.
    private var isCollapsed: Bool {
        utf8.withContiguousStorageIfAvailable(Self.isCollapsed) ?? Array(utf8).withUnsafeBufferPointer(Self.isCollapsed)
    }

    /// ``isCollapsed`` on the bytes. `previous` starts as 0 for "at the start": a NUL inside the text then
    /// only sends it the slow way, which gives a collapsed text back unchanged.
    private static func isCollapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x20 where previous == 0x20 || previous == 0: return false
            case 0x09...0x0D: return false
            case 0x80... where previous == 0x20: return false
            case 0xC2,
                0xE1...0xE3 where startsWhitespace(bytes, at: index):
                return false
            default: break
            }
            previous = byte
        }
        return previous != 0x20
    }

    /// Whether the bytes at `index` are a non-ASCII whitespace scalar's (``isWhitespace(_:)``): U+0085 and
    /// U+00A0 (C2 85, C2 A0), U+1680, U+2000–200A, U+2028, U+2029, U+202F, U+205F and U+3000.
    private static func startsWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        let third = index + 2 < bytes.count ? bytes[index + 2] : 0
        switch (bytes[index], next, third) {
        case (0xC2, 0x85, _), (0xC2, 0xA0, _): return true
        case (0xE1, 0x9A, 0x80), (0xE2, 0x80, 0x80...0x8A), (0xE2, 0x80, 0xA8), (0xE2, 0x80, 0xA9),
            (0xE2, 0x80, 0xAF), (0xE2, 0x81, 0x9F), (0xE3, 0x80, 0x80):
            return true
        default: return false
        }
    }
}
