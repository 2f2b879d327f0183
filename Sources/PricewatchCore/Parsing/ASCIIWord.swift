/// A word of at most 16 ASCII bytes, in lower case, packed into two integers: the price parser looks its
/// words up in keyword tables through these instead of building a `String` per word, whose hashing
/// normalises Unicode (a third of reading a short price text went to that and to `lowercased()`).
///
/// Only ASCII text, and text that mixes ASCII with caseless East Asian scripts, is read this way; other
/// scripts keep the `String` path, where lower-casing and letters follow Unicode.
struct ASCIIWord: Hashable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var count: UInt8 = 0

    /// A word that equals no keyword: one longer than 16 bytes, kept so that phrases stay runs of words.
    static let long = ASCIIWord(count: .max)

    private init(count: UInt8) { self.count = count }

    /// `bytes` with A–Z lowered, or ``long`` when there are more than 16. The bytes must be ASCII.
    init(lowercasing bytes: some Collection<UInt8>) {
        guard bytes.count <= 16 else {
            self = .long
            return
        }
        for (index, byte) in bytes.enumerated() {
            let lowered = UInt64(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            if index < 8 { low |= lowered << (index * 8) } else { high |= lowered << ((index - 8) * 8) }
        }
        count = UInt8(bytes.count)
    }

    /// The ASCII keywords of `words` (the others never match an ASCII text). A keyword longer than 16 bytes
    /// is a programming error: it would never be found.
    static func table(_ words: some Sequence<String>) -> Set<ASCIIWord> {
        Set(words.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map(keyword))
    }

    /// One keyword, which must be ASCII, lower case and at most 16 bytes.
    static func keyword(_ word: String) -> ASCIIWord {
        precondition(
            word.utf8.count <= 16 && word.utf8.allSatisfy { $0 < 0x80 } && word == word.lowercased(),
            "keyword \(word) cannot be an ASCIIWord")
        return ASCIIWord(lowercasing: word.utf8)
    }

    /// The words of an ASCII text: runs of letters (A–Z in either case), lowered.
    static func letterRuns(of bytes: String.UTF8View) -> [ASCIIWord] {
        bytes.split { !ASCIIWord.isLetter($0) }.map { ASCIIWord(lowercasing: $0) }
    }

    /// The words of a text in ASCII, or in ASCII and caseless East Asian scripts (CJK, kana, Hangul, full-width
    /// punctuation): runs of letters, as `lowercased()` and `split { !$0.isLetter }` give them. ASCII runs are
    /// lowered; a run holding another script's letter is ``long``, as it equals no Latin keyword. Nil for any
    /// other text, whose words need Unicode's lower-casing and grapheme clusters.
    static func words(of text: String) -> [ASCIIWord]? {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return letterRuns(of: text.utf8) }
        var words: [ASCIIWord] = []
        var run: [UInt8] = []
        var (inRun, runIsASCII) = (false, true)
        for scalar in text.unicodeScalars {
            let isLetter: Bool
            if scalar.isASCII {
                isLetter = Self.isLetter(UInt8(scalar.value))
                if isLetter { run.append(UInt8(scalar.value)) }
            } else {
                guard isCaselessEastAsian(scalar.value) else { return nil }
                isLetter = scalar.properties.isAlphabetic
                if isLetter { runIsASCII = false }
            }
            if isLetter {
                inRun = true
            } else if inRun {
                words.append(runIsASCII ? ASCIIWord(lowercasing: run) : .long)
                run.removeAll(keepingCapacity: true)
                (inRun, runIsASCII) = (false, true)
            }
        }
        if inRun { words.append(runIsASCII ? ASCIIWord(lowercasing: run) : .long) }
        return words
    }

    /// Whether every scalar of `text` is ASCII or caseless East Asian: its own lower case but for ASCII
    /// letters, and one `Character` per scalar.
    static func isASCIIOrCaselessEastAsian(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 } || text.unicodeScalars.allSatisfy { $0.isASCII || isCaselessEastAsian($0.value) }
    }

    /// CJK, kana, Hangul syllables and full-width punctuation: scalars without case that never join a
    /// neighbour into one grapheme cluster (the combining sound marks U+302A–302F and U+3099–309A left out).
    private static func isCaselessEastAsian(_ value: UInt32) -> Bool {
        switch value {
        case 0x302A...0x302F, 0x3099...0x309A: false
        case 0x3000...0x9FFF, 0xAC00...0xD7A3, 0xFF01...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: true
        default: false
        }
    }

    static func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A }
}
