import Testing

@testable import PricewatchFetch

/// Error responses are summarised as words, not markup.
@Suite struct ErrorExcerptTests {
    @Test(arguments: [
        (
            "<!DOCTYPE HTML>\n<html>\n  <body><h1>Error response</h1>\n<p>Error code: 404</p></body></html>",
            "Error response Error code: 404"
        ),
        ("rate limited, retry later\n", "rate limited, retry later"),
        ("", ""),
    ])
    func excerptKeepsTheWords(body: String, expected: String) {
        #expect(Fetcher.excerpt(of: Array(body.utf8)) == expected)
    }

    @Test func longBodiesAreCutWithAnEllipsis() {
        let excerpt = Fetcher.excerpt(of: Array(String(repeating: "word ", count: 100).utf8))
        #expect((190...201).contains(excerpt.count))
        #expect(excerpt.hasSuffix("…"))
    }
}
