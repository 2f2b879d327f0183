#if canImport(Glibc)
    import Glibc
#endif

/// Parts of a page to leave out when parsing it, so that large pages parse faster.
///
/// On modern pricing pages most of the bytes are inline scripts (framework state such as `__NEXT_DATA__`) and
/// styles, and libxml2 reads that raw text one character at a time. Leaving it out keeps every element where
/// it was, so XPath positions and element structure do not change; only the string values of those elements
/// (and of their ancestors) lose the script or style text, which no reader of the page sees anyway.
public struct HTMLParseOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int

    /// Creates options from their raw bits.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Leaves out the text inside `<script>` elements (code and data alike); the elements stay, empty.
    public static let dropScriptText = HTMLParseOptions(rawValue: 1 << 0)
    /// Leaves out the text inside `<style>` elements; the elements stay, empty.
    public static let dropStyleText = HTMLParseOptions(rawValue: 1 << 1)
    /// With ``dropScriptText``, keeps the text of the scripts whose start tag says `ld+json` (schema.org data,
    /// which zero-config reading reads) and leaves out the rest.
    public static let keepJSONLDScripts = HTMLParseOptions(rawValue: 1 << 2)
}

/// Removes the raw text of `<script>` and `<style>` elements from UTF-8 HTML before libxml2 sees it.
///
/// It tokenizes only as much as it must to agree with libxml2's recovering HTML parser about where those
/// elements start and end: comments, quoted attribute values (a `<script>` inside `title="..."` is not a
/// tag), self-closing `<script/>`, and the end of raw text at the first `</script` or `</style`, in any case.
/// Whenever the markup is cut off (an unclosed tag, comment or script), it stops removing and leaves the
/// rest as it is, so a page it does not understand is parsed exactly as before.
struct RawTextStripper {
    let options: HTMLParseOptions

    /// The page with the selected elements' text removed, or nil when there was nothing to remove.
    func strip(_ page: [UInt8]) -> [UInt8]? {
        guard !options.isEmpty else { return nil }
        return page.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var scanner = Scanner(bytes: base, count: buffer.count, options: options)
            return scanner.run()
        }
    }

    private enum RawTextElement {
        case script, style

        static let scriptName = Array("script".utf8)
        static let styleName = Array("style".utf8)

        var name: [UInt8] { self == .script ? Self.scriptName : Self.styleName }
    }

    private struct Scanner {
        let bytes: UnsafePointer<UInt8>
        let count: Int
        let options: HTMLParseOptions
        /// The result so far; empty until the first removal.
        var output: [UInt8] = []
        /// Where the bytes not yet copied to `output` start.
        var copied = 0

        init(bytes: UnsafePointer<UInt8>, count: Int, options: HTMLParseOptions) {
            self.bytes = bytes
            self.count = count
            self.options = options
        }

        mutating func run() -> [UInt8]? {
            var index = 0
            while let open = find(ASCII.lessThan, from: index), open + 1 < count {
                let next = bytes[open + 1]
                if next == ASCII.exclamation {
                    guard let end = skipDeclaration(at: open + 2) else { break }
                    index = end
                } else if next == ASCII.question || (next == ASCII.slash && startsName(at: open + 2)) {
                    guard let end = find(ASCII.greaterThan, from: open + 2) else { break }
                    index = end + 1
                } else if startsName(at: open + 1) {
                    guard let end = skipStartTag(at: open + 1) else { break }
                    index = end
                } else {
                    index = open + 1  // A `<` that starts no tag is text.
                }
            }
            guard copied > 0 else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(start: bytes + copied, count: count - copied))
            return output
        }

        /// Whether a tag name starts at `index`: otherwise libxml2 reads the `<` or `</` before it as text.
        private func startsName(at index: Int) -> Bool { index < count && ASCII.isLetter(bytes[index]) }

        /// Skips `<!-- comment -->` or `<!DOCTYPE ...>` whose text starts at `index`; nil when it never ends.
        /// Any other `<!`, such as `<![CDATA[`, is text to libxml2's HTML parser.
        private func skipDeclaration(at index: Int) -> Int? {
            if index + 1 < count, bytes[index] == ASCII.hyphen, bytes[index + 1] == ASCII.hyphen {
                var from = index + 2
                // A comment ends at `-->` or, for libxml2 as for browsers, at `--!>`.
                while let dash = find(ASCII.hyphen, from: from) {
                    if dash + 2 < count, bytes[dash + 1] == ASCII.hyphen {
                        if bytes[dash + 2] == ASCII.greaterThan { return dash + 3 }
                        if dash + 3 < count, bytes[dash + 2] == ASCII.exclamation, bytes[dash + 3] == ASCII.greaterThan
                        {
                            return dash + 4
                        }
                    }
                    from = dash + 1
                }
                return nil
            }
            guard matches(ASCII.doctype, at: index, length: ASCII.doctype.count) else { return index }
            return find(ASCII.greaterThan, from: index).map { $0 + 1 }
        }

        /// Skips a start tag whose name starts at `nameStart`, and a script's or style's raw text after it,
        /// removing that text when the options say so. Returns where scanning goes on; nil to stop.
        private mutating func skipStartTag(at nameStart: Int) -> Int? {
            var nameEnd = nameStart
            while nameEnd < count, ASCII.isNameCharacter(bytes[nameEnd]) { nameEnd += 1 }
            let element = rawTextElement(nameStart..<nameEnd)
            guard let (tagEnd, selfClosing) = endOfTag(from: nameEnd) else { return nil }
            guard let element, !selfClosing else { return tagEnd }
            guard let close = findEndTag(element.name, from: tagEnd) else { return nil }
            guard close > tagEnd else { return close }
            // libxml2 reads a tag right at the start of raw text as markup, which may close the element.
            if bytes[tagEnd] == ASCII.lessThan,
                [ASCII.slash, ASCII.underscore, ASCII.colon].contains(bytes[tagEnd + 1]) || startsName(at: tagEnd + 1)
            {
                return nil
            }
            var drops = element == .script ? options.contains(.dropScriptText) : options.contains(.dropStyleText)
            if drops, element == .script, options.contains(.keepJSONLDScripts),
                (nameEnd..<tagEnd).contains(where: { matches(Self.jsonLD, at: $0, length: Self.jsonLD.count) })
            {
                drops = false
            }
            if drops {
                if output.isEmpty { output.reserveCapacity(count / 2) }
                output.append(contentsOf: UnsafeBufferPointer(start: bytes + copied, count: tagEnd - copied))
                copied = close
            }
            return close
        }

        private static let jsonLD = Array("ld+json".utf8)

        private func rawTextElement(_ name: Range<Int>) -> RawTextElement? {
            if matches(RawTextElement.scriptName, at: name.lowerBound, length: name.count) { return .script }
            if matches(RawTextElement.styleName, at: name.lowerBound, length: name.count) { return .style }
            return nil
        }

        /// The index after a tag's `>`, reading attributes the way libxml2 does: quoted values may hold `>`,
        /// unquoted ones end at a space or `>`, and `/>` outside a value closes the element at once.
        private func endOfTag(from start: Int) -> (end: Int, selfClosing: Bool)? {
            var index = start
            while index < count {
                switch bytes[index] {
                case ASCII.greaterThan:
                    return (index + 1, false)
                case ASCII.slash where index + 1 < count && bytes[index + 1] == ASCII.greaterThan:
                    return (index + 2, true)
                case ASCII.equals:
                    index += 1
                    while index < count, ASCII.isSpace(bytes[index]) { index += 1 }
                    guard index < count else { return nil }
                    let quote = bytes[index]
                    if quote == ASCII.doubleQuote || quote == ASCII.singleQuote {
                        guard let closing = find(quote, from: index + 1) else { return nil }
                        index = closing + 1
                    } else {
                        while index < count, !ASCII.isSpace(bytes[index]), bytes[index] != ASCII.greaterThan {
                            index += 1
                        }
                    }
                default:
                    index += 1
                }
            }
            return nil
        }

        /// Where `</name` (any case) starts at or after `start`: libxml2 ends raw text there in recover mode.
        private func findEndTag(_ name: [UInt8], from start: Int) -> Int? {
            var from = start
            while let open = find(ASCII.lessThan, from: from) {
                if open + 1 + name.count < count, bytes[open + 1] == ASCII.slash,
                    matches(name, at: open + 2, length: name.count)
                {
                    return open
                }
                from = open + 1
            }
            return nil
        }

        /// Whether the `length` bytes at `index` spell `name` (lowercase ASCII) in any case.
        private func matches(_ name: [UInt8], at index: Int, length: Int) -> Bool {
            length == name.count && ASCII.spells(name, in: UnsafeBufferPointer(start: bytes, count: count), at: index)
        }

        private func find(_ byte: UInt8, from start: Int) -> Int? {
            guard start < count, let found = memchr(bytes + start, Int32(byte), count - start) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(bytes)
        }
    }
}
