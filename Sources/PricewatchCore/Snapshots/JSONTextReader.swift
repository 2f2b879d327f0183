/// A cursor over JSON text in the exact form pricewatch's own writers produce, for the files every run reads
/// by the thousand (`.index.json`, `http.json`): the JSON decoder cost more than everything else done with
/// them. Every method returns nil (or false) at the first byte it did not expect, and the caller then hands
/// the file to the decoder, so a reader only ever reads less, never wrongly.
struct JSONTextReader {
    let bytes: [UInt8]
    private(set) var position = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Whether the whole text has been read.
    var atEnd: Bool { position == bytes.count }

    /// Steps over `text` when it comes next.
    mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let matches = text.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[position + $0] == expected[$0] }
        }
        if matches { position += count }
        return matches
    }

    /// A quoted string. The two-character escapes are read; `\u` escapes, raw control characters and
    /// invalid UTF-8 are left to the decoder.
    mutating func string() -> String? {
        guard literal("\"") else { return nil }
        var start = position
        var unescaped: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text: String?
                if unescaped.isEmpty {
                    text = String(validating: bytes[start..<position], as: UTF8.self)
                } else {
                    unescaped.append(contentsOf: bytes[start..<position])
                    text = String(validating: unescaped, as: UTF8.self)
                }
                position += 1
                return text
            }
            guard byte >= 0x20 else { return nil }
            if byte == UInt8(ascii: "\\") {
                guard position + 1 < bytes.count, let meant = Self.escapes[bytes[position + 1]] else { return nil }
                unescaped.append(contentsOf: bytes[start..<position])
                unescaped.append(meant)
                position += 2
                start = position
            } else {
                position += 1
            }
        }
        return nil
    }

    /// A string or `null`: `.some(nil)` for null, nil when neither comes next.
    mutating func stringOrNull() -> String?? {
        literal("null") ? .some(nil) : string().map { .some($0) }
    }

    /// An integer as the writers print them: an optional minus and digits, within Int64.
    mutating func number() -> Int64? {
        let negative = literal("-")
        var value: Int64 = 0
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(Int64(bytes[position] - UInt8(ascii: "0")))
            guard !overflow, !overflowAdd else { return nil }
            value = sum
            position += 1
        }
        guard position > start else { return nil }
        return negative ? -value : value
    }

    /// What each two-character escape stands for.
    private static let escapes: [UInt8: UInt8] = [
        UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
        UInt8(ascii: "/"): UInt8(ascii: "/"),
        UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09, UInt8(ascii: "b"): 0x08,
        UInt8(ascii: "f"): 0x0C,
    ]
}
