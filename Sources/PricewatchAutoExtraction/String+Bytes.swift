#if canImport(Glibc)
    import Glibc
#endif

extension StringProtocol {
    /// Whether the text's UTF-8 bytes hold `word`'s.
    ///
    /// With Foundation imported, `contains(_:)` on strings is Foundation's `range(of:)`, which compares by
    /// Unicode rules through UTF-16 and cost a fifth of zero-config reading's time on class names, CSS and
    /// short price texts. The words looked for here are lower case and the texts lower-cased, so comparing
    /// bytes finds the same.
    func holds(_ word: String) -> Bool { holds(word, foldingCase: false) }

    /// Whether the text's UTF-8 bytes hold `word`'s, with upper-case ASCII letters in the text matching the
    /// lower-case ones of `word` when `foldingCase` is set.
    func holds(_ word: String, foldingCase: Bool) -> Bool {
        var word = word
        return word.withUTF8 { needle in
            let search = { (haystack: UnsafeBufferPointer<UInt8>) in bytesHold(haystack, needle, foldingCase) }
            if let found = utf8.withContiguousStorageIfAvailable(search) { return found }
            return Array(utf8).withUnsafeBufferPointer(search)
        }
    }
}

extension String {
    /// Where `word`'s UTF-8 bytes first start in the text's, as a byte offset, or nil; with `foldingCase`,
    /// upper-case ASCII letters in the text match the lower-case ones of `word`.
    func byteOffset(of word: String, foldingCase: Bool = false) -> Int? {
        let (text, needle) = (Array(utf8), Array(word.utf8))
        guard let first = needle.first, needle.count <= text.count else { return needle.isEmpty ? 0 : nil }
        let folded = { (byte: UInt8) in foldingCase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        for start in 0...(text.count - needle.count) where folded(text[start]) == first {
            var matched = 1
            while matched < needle.count, folded(text[start + matched]) == needle[matched] { matched += 1 }
            if matched == needle.count { return start }
        }
        return nil
    }
}

extension [UInt8] {
    /// Whether the bytes hold `word`'s UTF-8 bytes, upper-case ASCII letters matching lower-case ones of `word`.
    ///
    /// A word with a byte that is not a letter (`ld+json`, `line-through`) is looked for where that byte is,
    /// found with `memchr`: a whole page is searched this way before it is parsed.
    func holds(foldingCase word: String) -> Bool {
        var word = word
        return word.withUTF8 { needle in
            withUnsafeBufferPointer { haystack in
                guard let anchor = needle.firstIndex(where: { !(0x61...0x7A).contains($0) }),
                    let base = haystack.baseAddress
                else { return bytesHold(haystack, needle, true) }
                var from = anchor
                while from < haystack.count,
                    let found = memchr(base + from, Int32(needle[anchor]), haystack.count - from)
                {
                    let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - anchor
                    if start + needle.count <= haystack.count,
                        bytesHold(UnsafeBufferPointer(rebasing: haystack[start..<(start + needle.count)]), needle, true)
                    {
                        return true
                    }
                    from = start + anchor + 1
                }
                return false
            }
        }
    }
}

/// Whether `haystack` holds `needle`: the needles are short words, so a scan for the first byte does.
private func bytesHold(
    _ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, _ foldingCase: Bool
) -> Bool {
    @inline(__always) func at(_ index: Int) -> UInt8 {
        let byte = haystack[index]
        return foldingCase && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
    guard let first = needle.first else { return true }
    guard needle.count <= haystack.count else { return false }
    var start = 0
    let last = haystack.count - needle.count
    while start <= last {
        if at(start) == first {
            var matched = 1
            while matched < needle.count, at(start + matched) == needle[matched] { matched += 1 }
            if matched == needle.count { return true }
        }
        start += 1
    }
    return false
}

/// Byte tests for reading ASCII texts on their bytes, where a character is one byte.
enum ASCIIBytes {
    /// `A`–`Z` and `a`–`z`: what `Character.isLetter` is on ASCII.
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Tab to carriage return, and space: what `Character.isWhitespace` is on ASCII.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
}
