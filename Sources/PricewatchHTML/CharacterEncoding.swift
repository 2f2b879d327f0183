#if canImport(Glibc)
    import Glibc
#endif

// No Foundation here: Debian's libxml2 headers pull in the system ICU, which clashes with Foundation's copy
// inside one module.

/// How a page's bytes are turned into text: the declared, sniffed or assumed character encoding.
///
/// The order follows what browsers do: the HTTP `Content-Type` charset wins, then a byte order mark, then
/// `<meta charset>` / `http-equiv`, then UTF-8 if the bytes are valid UTF-8, else windows-1252.
public struct CharacterEncoding: Sendable, Hashable, CustomStringConvertible {
    /// Where the encoding decision came from, for diagnostics.
    public enum Source: String, Sendable, Hashable {
        case httpHeader = "Content-Type header"
        case byteOrderMark = "byte order mark"
        case metaTag = "<meta> tag"
        case sniffed = "content sniffing"
    }

    /// The canonical encoding name handed to libxml2, such as `UTF-8` or `windows-1252`.
    public let name: String
    /// How the name was chosen.
    public let source: Source

    public var description: String { "\(name) (from \(source.rawValue))" }

    /// Decides the encoding of `bytes`, given the charset from the HTTP `Content-Type` header if any.
    public static func detect(_ bytes: [UInt8], httpCharset: String?) -> CharacterEncoding {
        if let declared = httpCharset.flatMap(canonicalName), isSupported(declared) {
            return CharacterEncoding(name: declared, source: .httpHeader)
        }
        if let bom = byteOrderMark(bytes) {
            return CharacterEncoding(name: bom.name, source: .byteOrderMark)
        }
        if let declared = metaCharset(bytes).flatMap(canonicalName), isSupported(declared) {
            // A page that declares UTF-16 in a <meta> but has no BOM is ASCII-compatible text: browsers
            // treat that declaration as UTF-8.
            let name = declared.hasPrefix("UTF-16") ? "UTF-8" : declared
            return CharacterEncoding(name: name, source: .metaTag)
        }
        let name = isValidUTF8(bytes) ? "UTF-8" : "windows-1252"
        return CharacterEncoding(name: name, source: .sniffed)
    }

    /// Maps the many spellings of a charset to the one pricewatch uses, following WHATWG's aliases where
    /// they differ from IANA's (`iso-8859-1` and `us-ascii` are decoded as windows-1252 by browsers).
    static func canonicalName(_ label: String) -> String? {
        let trimmed = String(label.lowercased().filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" })
        guard !trimmed.isEmpty,
            trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) })
        else { return nil }
        switch trimmed {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252",
            "x-cp1252", "iso_8859-1", "cp819":
            return "windows-1252"
        case "utf-16", "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "shift_jis", "sjis", "x-sjis", "ms_kanji": return "SHIFT_JIS"
        default: return trimmed.uppercased()
        }
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> (name: String, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", 2) }
        return nil
    }

    /// Finds `<meta charset=...>` or `<meta http-equiv=Content-Type content="...; charset=...">` in the
    /// first kilobytes, the way browsers pre-scan before parsing.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(8192)
        var searchStart = head.startIndex
        while let open = head[searchStart...].firstIndex(of: UInt8(ascii: "<")) {
            searchStart = open + 1
            guard ASCII.spells(Self.metaTag, in: head, at: open) else { continue }
            let tagEnd = head[open...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
            var index = open + Self.metaTag.count
            while index < tagEnd, !ASCII.spells(Self.charsetWord, in: head, at: index) { index += 1 }
            guard index < tagEnd else { continue }
            var rest = head[(index + Self.charsetWord.count)..<tagEnd].drop(while: { $0 == 0x20 })
            if rest.first == UInt8(ascii: "=") {
                rest = rest.dropFirst().drop(while: { $0 == 0x20 || $0 == 0x22 || $0 == 0x27 })
                let value = rest.prefix(while: { !Self.valueEnd.contains($0) })
                if !value.isEmpty { return String(decoding: value, as: UTF8.self) }
            }
        }
        return nil
    }

    private static let metaTag = Array("<meta".utf8)
    private static let charsetWord = Array("charset".utf8)
    private static let valueEnd = Array(" \"';/>".utf8)

    /// Whether this decoder (Swift's own, or libxml2's through iconv) can read the encoding.
    static func isSupported(_ name: String) -> Bool {
        switch name {
        case "UTF-8", "windows-1252", "UTF-16LE", "UTF-16BE": return true
        default: return LibXML2.hasEncoder(named: name)
        }
    }

    /// A page converted to UTF-8 by Swift.
    struct Transcoded {
        var utf8: [UInt8]
        /// How many bytes of a page said to be UTF-8 were not, and were read as windows-1252 instead.
        var misreadBytes = 0
    }

    /// Converts `bytes` to UTF-8 for the encodings Swift decodes itself; returns nil for encodings left to
    /// libxml2. Bytes of a UTF-8 page that are not UTF-8 are read as windows-1252 (and counted); invalid
    /// UTF-16 is repaired with U+FFFD. NUL bytes become U+FFFD, as browsers read them: libxml2 takes a NUL
    /// inside a tag for the end of the page and drops everything after it.
    func transcodeToUTF8(_ bytes: [UInt8]) -> Transcoded? {
        guard var transcoded = decodedToUTF8(bytes) else { return nil }
        let hasNUL = transcoded.utf8.withUnsafeBytes { page in page.baseAddress.flatMap { memchr($0, 0, page.count) } }
        if hasNUL != nil {
            transcoded.utf8 = transcoded.utf8.flatMap { $0 == 0 ? [0xEF, 0xBF, 0xBD] : [$0] }
        }
        return transcoded
    }

    private func decodedToUTF8(_ bytes: [UInt8]) -> Transcoded? {
        let body = CharacterEncoding.byteOrderMark(bytes).map { Array(bytes.dropFirst($0.length)) } ?? bytes
        switch name {
        case "UTF-8":
            guard !CharacterEncoding.isValidUTF8(body) else { return Transcoded(utf8: body) }
            let (utf8, misread) = CharacterEncoding.decodingMisfits(body)
            return Transcoded(utf8: utf8, misreadBytes: misread)
        case "windows-1252":
            var out = [UInt8]()
            out.reserveCapacity(body.count + body.count / 8)
            for byte in body {
                if byte < 0x80 {
                    out.append(byte)
                } else {
                    out.append(contentsOf: String(Character(Windows1252.scalar(byte))).utf8)
                }
            }
            return Transcoded(utf8: out)
        case "UTF-16LE", "UTF-16BE":
            let littleEndian = name == "UTF-16LE"
            var units = [UInt16]()
            units.reserveCapacity(body.count / 2)
            var index = 0
            while index + 1 < body.count {
                let (a, b) = (UInt16(body[index]), UInt16(body[index + 1]))
                units.append(littleEndian ? a | b << 8 : a << 8 | b)
                index += 2
            }
            return Transcoded(utf8: Array(String(decoding: units, as: UTF16.self).utf8))
        default:
            return nil
        }
    }
}

extension CharacterEncoding {
    /// Whether `bytes` are valid UTF-8, checked in place: building a `String` to find out copied every page.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        (try? UTF8Span(validating: bytes.span)) != nil
    }
}

extension CharacterEncoding {
    /// Decodes UTF-8, reading every byte that is not part of a valid UTF-8 sequence as windows-1252.
    ///
    /// A page that says UTF-8 but holds windows-1252 text (a template in one, database text in the other)
    /// then reads as its author wrote it, where U+FFFD would turn `café` into a different plan name on every
    /// page that has it. Valid sequences stay UTF-8, so one stray byte does not garble the rest of the page.
    static func decodingMisfits(_ bytes: [UInt8]) -> (utf8: [UInt8], misread: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var misread = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                output.append(contentsOf: encoded)
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<(offset + length)] {
                    output.append(contentsOf: String(Character(Windows1252.scalar(byte))).utf8)
                }
                misread += length
                offset += length
            case .emptyInput:
                return (output, misread)
            }
        }
    }
}

/// The windows-1252 code page: Latin-1 except 0x80–0x9F, where `€`, curly quotes and dashes live.
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
