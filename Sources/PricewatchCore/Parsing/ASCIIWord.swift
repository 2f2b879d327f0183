/// A word of at most 16 ASCII bytes, in lower case, packed into two integers: the price parser looks its
/// words up in keyword tables through these instead of building a `String` per word, whose hashing
/// normalises Unicode (a third of reading a short price text went to that and to `lowercased()`).
///
/// Only ASCII text, and text that mixes ASCII with caseless East Asian scripts and with symbols that are no
/// letters (``isCaselessSymbol(_:)``: "✓", "₹", "€", "–"), is read this way; other scripts keep the `String`
/// path, where lower-casing and letters follow Unicode.
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

    /// The words of a text in ASCII, or in ASCII, caseless East Asian scripts (CJK, kana, Hangul, full-width
    /// punctuation) and caseless symbols: runs of letters, as `lowercased()` and `split { !$0.isLetter }` give
    /// them. ASCII runs are lowered; a run holding another script's letter is ``long``, as it equals no Latin
    /// keyword. Nil for any other text, whose words need Unicode's lower-casing and grapheme clusters.
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
            } else if isCaselessSymbol(scalar.value) {
                isLetter = false
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

    /// Whether every scalar of `text` is ASCII, caseless East Asian or a caseless symbol: its own lower case
    /// but for ASCII letters, and one `Character` per scalar.
    static func isASCIIOrCaselessEastAsian(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
            || text.unicodeScalars.allSatisfy {
                $0.isASCII || isCaselessSymbol($0.value) || isCaselessEastAsian($0.value)
            }
    }

    /// Symbols and punctuation that pricing pages put beside prices and features ("✓", "✗", "₹", "€", "–",
    /// "·", "⭐", "🚀"): no letter, number or space, their own lower case, and never joined with a neighbour
    /// into one grapheme cluster (no combining marks, joiners or variation selectors), so a text of ASCII
    /// and these reads the same scalar by scalar as `Character` by `Character`. A test checks every one.
    static func isCaselessSymbol(_ value: UInt32) -> Bool {
        switch value {
        case 0xA1...0xA9, 0xAB, 0xAC, 0xAE...0xB1, 0xB4, 0xB6...0xB8, 0xBB, 0xBF, 0xD7, 0xF7: true
        case 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0, 0x2190...0x23FF: true
        case 0x2500...0x2775, 0x2794...0x27BF, 0x2B00...0x2B73: true
        case 0x1F300...0x1F3FA, 0x1F400...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF: true
        default: false
        }
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

extension Unicode.Scalar {
    /// Whether the scalar is a symbol or punctuation mark that is no letter, number or space, is its own lower
    /// case and never joins a neighbour into one grapheme cluster (``ASCIIWord/isCaselessSymbol(_:)``): a
    /// text of ASCII and such symbols can be read byte by byte where Unicode's rules would give the same.
    public var isCaselessSymbol: Bool { ASCIIWord.isCaselessSymbol(value) }
}
