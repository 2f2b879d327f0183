import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// One expected reading of a price text; every field of ``Price`` except `raw` is checked.
struct ExpectedPrice: CustomTestStringConvertible, Sendable {
    var text: String
    var kind: Price.Kind
    var amount: String? = nil
    var currency: String? = nil
    var period: String? = nil
    var unit: String? = nil

    var testDescription: String { "\"\(text)\"" }

    func check(_ price: Price) {
        #expect(price.kind == kind, "kind of \(testDescription)")
        let expectedAmount = amount.flatMap(Amount.init)
        #expect((amount == nil) == (expectedAmount == nil), "the table's amount for \(testDescription) is a decimal")
        #expect(price.amount == expectedAmount, "amount of \(testDescription)")
        #expect(price.currency == currency, "currency of \(testDescription)")
        #expect(price.period == period, "period of \(testDescription)")
        #expect(price.unit == unit, "unit of \(testDescription)")
    }
}

private func usd(_ text: String, _ amount: String, period: String? = nil, unit: String? = nil) -> ExpectedPrice {
    ExpectedPrice(text: text, kind: .amount, amount: amount, currency: "USD", period: period, unit: unit)
}

private let acceptedPrices: [ExpectedPrice] = [
    usd("$5", "5"),
    usd("$0", "0"),
    usd("$1,299/mo", "1299", period: "month"),
    usd("$12,470/yr", "12470", period: "year"),
    usd("$1,234,567.89", "1234567.89"),
    usd("$0.084/per second", "0.084", unit: "second"),
    usd("$0.08/per second of video", "0.08", unit: "second of video"),
    usd("$0.005/per image / per second", "0.005", unit: "image / second"),
    usd("$12.50 per user/month", "12.50", period: "month", unit: "user"),
    usd("$10 per month per user", "10", period: "month", unit: "user"),
    usd("$4/usage", "4", unit: "usage"),
    usd("$0.05/per credit", "0.05", unit: "credit"),
    usd("$0.50 per 1M tokens", "0.50", unit: "1M tokens"),
    usd("~$0.0033", "0.0033"),
    usd("From $5", "5"),
    usd("Starting at $5/month", "5", period: "month"),
    usd("$9 /mo", "9", period: "month"),
    usd("$9/month", "9", period: "month"),
    usd("$9 per month", "9", period: "month"),
    usd("$9 a month", "9", period: "month"),
    usd("$9 monthly", "9", period: "month"),
    usd("$99/year", "99", period: "year"),
    usd("$99 annually", "99", period: "year"),
    usd("$99 (billed annually)", "99", period: "year"),
    usd("$3/week", "3", period: "week"),
    usd("$1/day", "1", period: "day"),
    usd("$0.40/hr", "0.40", period: "hour"),
    usd("$0.40 per hour", "0.40", period: "hour"),
    usd("$5.", "5"),
    usd("US$ 10", "10"),
    usd("US$10/mo", "10", period: "month"),
    usd("$10 USD/month", "10", period: "month"),
    usd("USD 10", "10"),
    usd("10 USD", "10"),
    usd("Monthly Price: $9.99", "9.99"),
    usd("Annual Price (30% off): $6.99", "6.99"),
    usd("Tier 1 $5", "5"),
    usd("  $5\u{00A0}/\u{00A0}mo ", "5", period: "month"),
    usd("$4 to $500/usage", "4", unit: "usage"),
    usd("$0.000225/per second", "0.000225", unit: "second"),
    usd("$0.1/per image", "0.1", unit: "image"),
    usd("$470/yr", "470", period: "year"),
    usd("Total Annual Payment: $83.92", "83.92"),
    usd("$4–$200+", "4"),
    usd("$200+ / month", "200", period: "month"),
    ExpectedPrice(text: "10 EUR", kind: .amount, amount: "10", currency: "EUR"),
    ExpectedPrice(text: "€20/month", kind: .amount, amount: "20", currency: "EUR", period: "month"),
    ExpectedPrice(text: "1.299,00 €", kind: .amount, amount: "1299.00", currency: "EUR"),
    ExpectedPrice(text: "9,99 €", kind: .amount, amount: "9.99", currency: "EUR"),
    ExpectedPrice(text: "€1.299.000", kind: .amount, amount: "1299000", currency: "EUR"),
    ExpectedPrice(text: "£8 per seat", kind: .amount, amount: "8", currency: "GBP", unit: "seat"),
    ExpectedPrice(text: "¥1,500", kind: .amount, amount: "1500", currency: "JPY"),
    ExpectedPrice(text: "C$15", kind: .amount, amount: "15", currency: "CAD"),
    ExpectedPrice(text: "Free", kind: .free),
    ExpectedPrice(text: "free forever", kind: .free),
    ExpectedPrice(text: "Custom", kind: .custom),
    ExpectedPrice(text: "Custom pricing", kind: .custom),
    ExpectedPrice(text: "Contact Sales", kind: .contactSales),
    ExpectedPrice(text: "Contact sales", kind: .contactSales),
    ExpectedPrice(text: "Contact us", kind: .contactSales),
    ExpectedPrice(text: "Talk to sales", kind: .contactSales),
]

/// Texts that are not prices: they come back as `.unknown` with no amount and the text kept.
private let rejectedPrices = [
    "", "   ", "—", "-", "N/A", "abc", "$", "$1.2.3", "12 monthly credits", "1,2,3", "Version 2.1", "€1,2,3",
    "30% off", "$ per month", "USDT 10 tokens", "No free tier available", "not free",
]

/// Expected ranges: the text and both ends.
private let acceptedRanges: [(text: String, low: ExpectedPrice, high: ExpectedPrice)] = [
    ("$4 to $500/usage", usd("low", "4", unit: "usage"), usd("high", "500", unit: "usage")),
    (
        "$0.084/per second of video to $0.42/per second of video",
        usd("low", "0.084", unit: "second of video"), usd("high", "0.42", unit: "second of video")
    ),
    ("$0.02/month to $2.1/month", usd("low", "0.02", period: "month"), usd("high", "2.1", period: "month")),
    ("$5 - $10", usd("low", "5"), usd("high", "10")),
    ("$5–$10/mo", usd("low", "5", period: "month"), usd("high", "10", period: "month")),
    ("$5—$10", usd("low", "5"), usd("high", "10")),
    ("$5-$10", usd("low", "5"), usd("high", "10")),
    ("$1/hr to $40/month", usd("low", "1", period: "hour"), usd("high", "40", period: "month")),
    ("$4 TO $500/usage", usd("low", "4", unit: "usage"), usd("high", "500", unit: "usage")),
    ("$4 To  $500", usd("low", "4"), usd("high", "500")),
    ("$7", usd("low", "7"), usd("high", "7")),
    ("from $5 to $10 USD per month", usd("low", "5", period: "month"), usd("high", "10", period: "month")),
    (
        "5 EUR - 9 EUR", ExpectedPrice(text: "low", kind: .amount, amount: "5", currency: "EUR"),
        ExpectedPrice(text: "high", kind: .amount, amount: "9", currency: "EUR")
    ),
    (
        "$12.50 per user/month", usd("low", "12.50", period: "month", unit: "user"),
        usd("high", "12.50", period: "month", unit: "user")
    ),
]

@Suite("Price and price range parsing")
struct PriceParserTests {
    @Test(arguments: acceptedPrices)
    func parsesPrice(expected: ExpectedPrice) {
        expected.check(PriceParser.parse(expected.text))
    }

    @Test(arguments: rejectedPrices)
    func leavesNonPriceUnknown(text: String) {
        let price = PriceParser.parse(text)
        ExpectedPrice(text: text, kind: .unknown).check(price)
        #expect(price.raw == PriceParser.collapseWhitespace(text))
    }

    @Test func keepsRawTextWithWhitespaceCollapsed() {
        #expect(PriceParser.parse("  $1,299 \n /mo ").raw == "$1,299 /mo")
        #expect(PriceParser.parse("Contact\tSales").raw == "Contact Sales")
    }

    @Test(arguments: acceptedRanges)
    func parsesRange(text: String, low: ExpectedPrice, high: ExpectedPrice) throws {
        let range = try PriceParser.parseRange(text)
        low.check(range.low)
        high.check(range.high)
    }

    @Test(arguments: ["", "abc", "Free", "Contact sales", "$", "5 to 10", "$1.2.3 to $4", "N/A"])
    func rejectsTextWithoutRange(text: String) {
        #expect(throws: PriceParseError(text: text)) { try PriceParser.parseRange(text) }
    }

    @Test func rangeErrorNamesTextAndShowsExamples() {
        let message = PriceParseError(text: "abc").description
        #expect(message.hasPrefix("no price or price range in \"abc\": expected an amount with a currency"))
        #expect(message.contains("$4 to $500/usage"))
    }

    /// Texts without an amount are classified by their words, read on bytes when ASCII (or ASCII and
    /// caseless East Asian); the `Character` reading is the reference.
    @Test func keywordsReadOnBytesAsOnCharacters() {
        func reference(_ raw: String) -> Price.Kind {
            let words = raw.lowercased().split { !$0.isLetter }
            if words.contains("custom") { return .custom }
            if words.contains("contact") || (" " + words.joined(separator: " ") + " ").contains(" talk to sales ") {
                return .contactSales
            }
            // Script keywords, in their table's order, come between contact words and free words.
            if raw.contains("お問い合わせ") { return .contactSales }
            if raw.contains("無料") { return .free }
            let negations: Set<String> = ["no", "not", "without", "none"]
            if words.contains("free"), !words.contains(where: { negations.contains(String($0)) }) { return .free }
            return .unknown
        }
        let pieces = [
            "Free", "FREE", "free-tier", "No", "not", " ", "Custom", "contact", "Sales", "Talk to sales", "talk",
            "to", "sales", "/", "é", "Ünlimited", "none", "without", "Freedom", ",", "CONTACT", "\u{2014}",
            // Japanese beside ASCII words: read on scalars, one word per run of letters of either script.
            "無料", "お問い合わせ", "プラン", "。", "料金", "（税込）", "ー",
        ]
        var random = SplitMix64(seed: 0x6E7)
        for _ in 0..<5_000 {
            let text = (0..<Int(random.next() % 5 + 1)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined(separator: random.next() % 2 == 0 ? " " : "")
            #expect(PriceParser.parse(text).kind == reference(text.collapsingWhitespace), "\(text)")
        }
    }
}
