/// A cursor over JSON text for the readers that spare `JSONDecoder`: ``JSONValue``'s parser and the
/// snapshot index's reader (every run reads `.index.json`, in the exact form pricewatch writes it).
/// Every method returns nil (or false) at the first byte it did not expect, and the caller then hands the
/// file to the decoder, so a reader only ever reads less, never wrongly.
package struct JSONTextReader {
    package let bytes: [UInt8]
    package private(set) var position = 0

    package init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether the whole text has been read.
    package var atEnd: Bool { position == bytes.count }

    /// Steps over `text` when it comes next.
    package mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = text.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        if matches { position += count }
        return matches
    }

    /// The next byte, if any.
    package var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// Steps over spaces, tabs and line breaks.
    package mutating func skipWhitespace() {
        while let byte = next, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    /// A string literal with every JSON escape, surrogate pairs included; nil for raw control characters,
    /// lone surrogates or invalid UTF-8, which the decoder rejects too.
    package mutating func string() -> String? {
        guard literal("\"") else { return nil }
        var unescaped: [UInt8] = []
        var start = position
        while let byte = skipToSpecialByte() {
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                if unescaped.isEmpty { return Self.validatedString(bytes, start..<position) }
                unescaped.append(contentsOf: bytes[start..<position])
                return Self.validatedString(unescaped, unescaped.indices)
            }
            guard byte >= 0x20 else { return nil }
            // A backslash.
            unescaped.append(contentsOf: bytes[start..<position])
            position += 1
            guard let escape = next else { return nil }
            position += 1
            if escape == UInt8(ascii: "u") {
                guard let scalar = unicodeEscape() else { return nil }
                unescaped.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                guard let meant = Self.escapes[escape] else { return nil }
                unescaped.append(meant)
            }
            start = position
        }
        return nil
    }

    /// Steps over the bytes of a string literal that stand for themselves (all but the quote, the backslash
    /// and control characters) and returns the byte after them, if any. Scanned in the buffer: byte by byte
    /// through ``next`` it was an eighth of reading `.index.json`.
    private mutating func skipToSpecialByte() -> UInt8? {
        position = bytes.withUnsafeBufferPointer { buffer in
            var index = position
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            return index
        }
        return next
    }

    /// The UTF-8 text of `bytes[range]`, or nil when it is not valid UTF-8. Validated as a `UTF8Span`:
    /// the generic `String(validating:as:)` looked up type metadata for every string it made.
    private static func validatedString(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            do {
                return String(copying: try UTF8Span(validating: UnsafeBufferPointer(rebasing: buffer[range]).span))
            } catch {
                return nil
            }
        }
    }

    /// The scalar of a `\u` escape whose `\u` was just read, joining a surrogate pair.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hexUnit() else { return nil }
        guard (0xD800..<0xDC00).contains(unit) else { return Unicode.Scalar(unit) }
        guard literal("\\u"), let low = hexUnit(), (0xDC00..<0xE000).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
    }

    private mutating func hexUnit() -> UInt32? {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next else { return nil }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): unit = unit << 4 | UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): unit = unit << 4 | UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): unit = unit << 4 | UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            position += 1
        }
        return unit
    }

    /// An integer as the writers print them: an optional minus and digits, within Int64 (`Int64.min` too).
    package mutating func number() -> Int64? {
        let negative = literal("-")
        var magnitude: UInt64 = 0
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(UInt64(bytes[position] - UInt8(ascii: "0")))
            guard !overflow, !overflowAdd else { return nil }
            magnitude = sum
            position += 1
        }
        guard position > start else { return nil }
        return negative ? Int64(exactly: -Int128(magnitude)) : Int64(exactly: magnitude)
    }

    /// What each two-character escape stands for.
    private static let escapes: [UInt8: UInt8] = [
        UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
        UInt8(ascii: "/"): UInt8(ascii: "/"),
        UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09, UInt8(ascii: "b"): 0x08,
        UInt8(ascii: "f"): 0x0C,
    ]
}
