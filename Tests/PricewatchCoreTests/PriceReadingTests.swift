import Testing

@testable import PricewatchCore

/// Texts from anywhere on a page that are prices, with the amount and currency zero-config extraction
/// must read and the least confidence it should have in them.
private let pageTextPrices: [(text: String, amount: String?, currency: String?, kind: Price.Kind)] = [
    ("$29/mo", "29", "USD", .amount), ("$29", "29", "USD", .amount), ("29,90 € / Monat", "29.90", "EUR", .amount),
    ("Pro $49 per user / month", "49", "USD", .amount), ("CHF 1'049.95", "1049.95", "CHF", .amount),
    ("₹1,49,000", "149000", "INR", .amount), ("月額 ¥900", "900", "JPY", .amount), ("9 800 Kč", "9800", "CZK", .amount),
    ("$ 29 .99", "29.99", "USD", .amount), ("1.234,50 €", "1234.50", "EUR", .amount),
    ("R$ 49,90/mês", "49.90", "BRL", .amount),
    ("$0.002 / 1K tokens", "0.002", "USD", .amount), ("From $5", "5", "USD", .amount), ("$0", "0", "USD", .amount),
    ("Free", nil, nil, .free), ("Kostenlos", nil, nil, .free), ("無料", nil, nil, .free),
    ("Free forever", nil, nil, .free),
    ("Contact sales", nil, nil, .contactSales), ("Let's talk", nil, nil, .contactSales), ("Custom", nil, nil, .custom),
    ("Auf Anfrage", nil, nil, .contactSales), ("お問い合わせ", nil, nil, .contactSales),
]

/// Texts from a page that must not become prices when read strictly.
private let pageTextNonPrices = [
    "$5M saved", "Teams saved $2B last year", "30% off", "Save 20%", "14-day trial", "14-day free trial",
    "Start your free trial", "Kostenlos testen", "24/7", "24/7 support", "2026", "© 2026 Acme Inc.",
    "+1 (555) 123-4567", "Call 0800 123 456", "49", "12 months", "Up to 5 users", "99.9% uptime", "4.8/5 stars",
    "Version 2.1", "10 GB storage", "H100 GPUs", "Mehr erfahren", "FAQ", "", "$1.2.3", "Over 10,000 customers",
    "Rated 4.9 by 2,000 teams",
]

@Suite("Reading page text as a price, with a confidence")
struct PriceReadingTests {
    @Test(arguments: pageTextPrices)
    func readsPriceOnPage(text: String, amount: String?, currency: String?, kind: Price.Kind) throws {
        let reading = try #require(PriceParser.read(text, context: .pageText), "\(text)")
        #expect(reading.price.kind == kind)
        #expect(reading.price.amount == amount.flatMap(Amount.init))
        #expect(reading.price.currency == currency)
        #expect(reading.confidence >= 0.75, "a short price text is read with confidence: \(reading.confidence)")
        #expect(reading.confidence <= 1)
        // The reading's price is what the field parser gives.
        #expect(reading.price == PriceParser.parse(text))
    }

    @Test(arguments: pageTextNonPrices)
    func rejectsNonPriceOnPage(text: String) {
        #expect(PriceParser.read(text, context: .pageText) == nil, "\(text)")
    }

    /// In a price field a bare number is kept, with less confidence than one with a currency.
    @Test func bareNumberInPriceFieldKeepsAmount() throws {
        let bare = try #require(PriceParser.read("49", context: .priceField))
        #expect(bare.price.amount == Amount("49") && bare.price.currency == nil)
        let marked = try #require(PriceParser.read("$49", context: .priceField))
        #expect(bare.confidence < marked.confidence)
    }

    /// A price inside a sentence, or beside words of saving, is less likely a plan's price.
    @Test(arguments: [
        "Save $50 a year with annual billing", "Our customers saved $40 on average", "Get $10 off your first month",
        "Plans start at $9 per month for small teams who want to collaborate on projects every day",
    ])
    func priceInProseHasLowerConfidence(text: String) throws {
        let prose = try #require(PriceParser.read(text, context: .pageText))
        let plain = try #require(PriceParser.read("$9/mo", context: .pageText))
        #expect(prose.confidence < 0.5 && prose.confidence < plain.confidence, "\(text): \(prose.confidence)")
    }

    /// A malformed or too long amount is no reading at all, in either context.
    @Test(arguments: [PriceContext.pageText, .priceField])
    func malformedIsNoReading(context: PriceContext) {
        #expect(PriceParser.read("$1.2.3", context: context) == nil)
        #expect(PriceParser.read("$" + String(repeating: "1", count: 39), context: context) == nil)
    }
}
