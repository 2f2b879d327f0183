import PricewatchCore
import Testing

/// Page text in the Markdown report cannot become markup or links.
struct MarkdownEscapeTests {
    @Test(arguments: [
        ("[click](http://evil.example)", "\\[click\\]\\(http://evil.example\\)"),
        ("**Pro** <b>", "\\*\\*Pro\\*\\* \\<b\\>"),
        // U+0605 is a prepended mark: it and the `[` after it are one Character.
        ("\u{605}[x](y)", "\u{605}\\[x\\]\\(y\\)"),
    ])
    func specialCharactersAreBackslashed(text: String, escaped: String) {
        #expect(ReportRenderer.escapeMarkdown(text) == escaped)
    }
}
