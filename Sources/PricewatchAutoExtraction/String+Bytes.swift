extension StringProtocol {
    /// Whether the text's UTF-8 bytes hold `word`'s.
    ///
    /// With Foundation imported, `contains(_:)` on strings is Foundation's `range(of:)`, which compares by
    /// Unicode rules through UTF-16 and cost a fifth of zero-config reading's time on class names, CSS and
    /// short price texts. The words looked for here are lower case and the texts lower-cased, so comparing
    /// bytes finds the same.
    func holds(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { needle in
            if let found = utf8.withContiguousStorageIfAvailable({ bytesHold($0, needle) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { bytesHold($0, needle) }
        }
    }
}

/// Whether `haystack` holds `needle`: the needles are short words, so a scan for the first byte does.
private func bytesHold(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = needle.first else { return true }
    guard needle.count <= haystack.count else { return false }
    var start = 0
    let last = haystack.count - needle.count
    while start <= last {
        if haystack[start] == first {
            var matched = 1
            while matched < needle.count, haystack[start + matched] == needle[matched] { matched += 1 }
            if matched == needle.count { return true }
        }
        start += 1
    }
    return false
}
