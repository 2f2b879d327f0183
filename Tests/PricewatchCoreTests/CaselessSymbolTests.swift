import Testing

@testable import PricewatchCore

/// The symbols the price parser reads byte by byte beside ASCII must read the same as Unicode's rules read
/// them: no letter, number or space, their own lower case, and a grapheme cluster of their own whatever
/// stands beside them.
@Suite struct CaselessSymbolTests {
    private static let neighbours: [Unicode.Scalar] = ["a", "Z", "1", " ", "$", "\u{2713}", "\u{20B9}"]

    @Test func everyCaselessSymbolReadsAsItselfBesideAnyNeighbour() {
        var checked = 0
        for value in UInt32(0x80)...0x1FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.isCaselessSymbol else { continue }
            checked += 1
            let properties = scalar.properties
            #expect(!properties.isAlphabetic, "U+\(String(value, radix: 16)) is a letter")
            #expect(properties.numericType == nil, "U+\(String(value, radix: 16)) is a number")
            #expect(!properties.isWhitespace, "U+\(String(value, radix: 16)) is a space")
            #expect(properties.lowercaseMapping == String(scalar), "U+\(String(value, radix: 16)) has a lower case")
            let character = Character(scalar)
            #expect(!character.isLetter && !character.isNumber && !character.isWhitespace)
            for neighbour in Self.neighbours {
                var before = String.UnicodeScalarView()
                before.append(neighbour)
                before.append(scalar)
                var after = String.UnicodeScalarView()
                after.append(scalar)
                after.append(neighbour)
                #expect(String(before).count == 2, "U+\(String(value, radix: 16)) joins what stands before it")
                #expect(String(after).count == 2, "U+\(String(value, radix: 16)) joins what follows it")
            }
        }
        #expect(checked > 2_000)
    }

    @Test func joinersMarksAndLettersAreNoCaselessSymbols() {
        for value: UInt32 in [
            0x00AA, 0x00B5, 0x00BA, 0x00A0, 0x00AD, 0x00B2, 0x00BD, 0x200D, 0x20DD, 0xFE0F, 0x1F3FB, 0x2776,
        ] {
            #expect(!Unicode.Scalar(value)!.isCaselessSymbol, "U+\(String(value, radix: 16))")
        }
    }

    /// Words split around such symbols as `Character.isLetter` splits them.
    @Test func wordsAroundSymbolsAreTheLettersRuns() {
        #expect(ASCIIWord.words(of: "✓ Contact Sales →") == ["contact", "sales"].map(ASCIIWord.keyword))
        #expect(ASCIIWord.words(of: "₹999/mo · Free") == ["mo", "free"].map(ASCIIWord.keyword))
        #expect(ASCIIWord.words(of: "Gratuit – à vie") == nil)
    }

    @Test func pricesBesideSymbolsReadAsBefore() {
        #expect(PriceParser.read("✓ Contact Sales", context: .pageText)?.price.kind == .contactSales)
        #expect(PriceParser.read("₹999 /mo", context: .pageText)?.price.period == "month")
        #expect(PriceParser.read("⭐ Free forever", context: .pageText)?.price.kind == .free)
        #expect(PriceParser.read("✗ Free trial", context: .pageText) == nil)
    }
}
