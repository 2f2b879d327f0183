import Testing

@testable import PricewatchNotify

/// Long Slack text is cut into pieces that lose nothing and never cut an entity in two.
struct SlackTextChunksTests {
    @Test(arguments: [
        ("abc&lt;def&amp;g", 4),
        // A prepended mark (U+0605) shares a Character with the `&` after it; a combining mark (U+0594)
        // shares one with the `;` before it. Both were found by `make fuzz`.
        ("ab\u{605}&lt;cd\u{605}&gt;ef", 3),
        ("xy&gt;\u{594}zz&amp;\u{594}w", 2),
    ])
    func piecesKeepEveryEntityWhole(text: String, limit: Int) {
        let pieces = SlackText.chunks(of: text, limit: limit)
        #expect(pieces.joined() == text)
        #expect(!pieces.contains(""))
        for piece in pieces {
            let scalars = Array(piece.unicodeScalars)
            if let ampersand = scalars.lastIndex(of: "&") {
                #expect(scalars[ampersand...].contains(";"), "an entity cut at the end of \(piece.debugDescription)")
            }
        }
    }
}
