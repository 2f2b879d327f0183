import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// Texts whose whitespace is collapsed already, and texts that need the full treatment; the byte-level
/// shortcut must give exactly what splitting at `Character.isWhitespace` and joining gives.
private let whitespaceSamples: [String] = [
    "", " ", "$5/mo", "Free tier: 100 credits", "€9,99 per user", "Plan – Pro", "naïve café",
    " leading", "trailing ", "two  spaces", "tab\there", "line\nbreak", "crlf\r\nend", "nbsp\u{A0}inside",
    "ideographic\u{3000}space", "em\u{2003}space", "next line\u{85}char", "space then mark \u{301}x",
    "\u{301}mark first", "ogham\u{1680}space", "narrow\u{202F}nbsp", "€", "a b c",
    // Collapsed scalar by scalar unless a neighbour of a space joins it into one character.
    "29  €", "1\u{2009}299 ₽", "¥ 900\u{A0}/月", "руб. \n 10", "prepend\u{600} x", "zwj \u{200D}x",
    "zwnj\u{200C} x", "cyrillic \u{483}mark", "enclosing \u{20DD}", "kana \u{3099}", "\u{1100} \u{1161}",
    "Ⅻ \u{2028}x", "İ  x", "✓ \u{FE0F}",
    // Non-ASCII text without a Unicode space is collapsed as it stands; each Unicode space is not.
    "月額 ¥900", "無料プラン", "✓ 10 PDFs", "₹999 /mo", "料金\u{2000}プラン", "x\u{200A}", "a\u{2029}b", "x\u{205F}y",
    "zero\u{200B}width", "「プロ」 ¥1,980", "\u{3000}全角", "–\u{2007}€",
]

@Suite("Whitespace collapsing")
struct WhitespaceTests {
    @Test(arguments: whitespaceSamples)
    func collapsingMatchesSplitAndJoin(text: String) {
        let reference = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.collapsingWhitespace == reference)
    }

    /// Random joins of the samples' pieces, with NUL bytes and lone spaces, checked the same way.
    @Test func randomTextsMatchSplitAndJoin() {
        let pieces = whitespaceSamples + ["\u{0}", " ", "a", "\u{0} x", "x\u{0}"]
        var random = SplitMix64(seed: 0x3A1)
        for _ in 0..<20_000 {
            let text = (0..<Int(random.next() % 4 + 1)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined()
            #expect(text.collapsingWhitespace == text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
    }

    @Test func collapsesRunsAndTrims() {
        #expect(" \t$5 \u{A0}\n per  month ".collapsingWhitespace == "$5 per month")
    }
}
