import Testing

@testable import PricewatchCore

/// An expected amount reading: text, amount, currency (nil for a bare number), period, unit.
private func price(
    _ text: String, _ amount: String, _ currency: String?, period: String? = nil, unit: String? = nil
) -> ExpectedPrice {
    ExpectedPrice(text: text, kind: .amount, amount: amount, currency: currency, period: period, unit: unit)
}

/// Prices as shops and pricing pages write them around the world: symbols and codes before and after,
/// every thousands and decimal convention, text gathered from split elements.
private let worldPrices: [ExpectedPrice] = [
    // Euro area: comma decimals, dot, space or thin-space thousands, symbol after.
    price("1.234,50 €", "1234.50", "EUR"), price("1.234,50€", "1234.50", "EUR"), price("€ 1.234,50", "1234.50", "EUR"),
    price("12,90 €", "12.90", "EUR"), price("12,90€", "12.90", "EUR"), price("€12,90", "12.90", "EUR"),
    price("0,99 €", "0.99", "EUR"), price("9,5 €", "9.5", "EUR"), price("1 234,50 €", "1234.50", "EUR"),
    price("1\u{202F}234,50\u{00A0}€", "1234.50", "EUR"), price("1\u{2009}234,50 €", "1234.50", "EUR"),
    price("12 345 678,90 €", "12345678.90", "EUR"), price("29,- €", "29", "EUR"), price("29,– €", "29", "EUR"),
    price("€ 29,-", "29", "EUR"), price("1.299,- €", "1299", "EUR"), price("EUR 49,00", "49.00", "EUR"),
    price("49,00 EUR", "49.00", "EUR"), price("49 Euro", "49", "EUR"), price("49 euros", "49", "EUR"),
    price("1.553€", "1553", "EUR"), price("2.710 €", "2710", "EUR"), price("708€", "708", "EUR"),
    price("€1.299.000", "1299000", "EUR"), price("€1,234.56", "1234.56", "EUR"), price("€ 0,002", "0.002", "EUR"),
    // German periods and seats.
    price("19,90 € / Monat", "19.90", "EUR", period: "month"), price("19,90 €/Monat", "19.90", "EUR", period: "month"),
    price("29 € pro Monat", "29", "EUR", period: "month"), price("29 € im Monat", "29", "EUR", period: "month"),
    price("290 € jährlich", "290", "EUR", period: "year"), price("290 € pro Jahr", "290", "EUR", period: "year"),
    price("9 € pro Nutzer / Monat", "9", "EUR", period: "month", unit: "user"),
    price("9 € je Nutzer und Monat", "9", "EUR", unit: "Nutzer und Monat"),
    price("ab 49 € monatlich", "49", "EUR", period: "month"), price("49 € mtl.", "49", "EUR", period: "month"),
    price("12 € / Mon.", "12", "EUR", period: "month"),
    price("490 € jährlich abgerechnet", "490", "EUR", period: "year"),
    price("0 € (einmalig)", "0", "EUR", period: "once"), price("199 € einmalig", "199", "EUR", period: "once"),
    price("39 € zzgl. MwSt. / Monat", "39", "EUR", period: "month"),
    price("39 € inkl. MwSt.", "39", "EUR"),
    // French.
    price("12,90 € par mois", "12.90", "EUR", period: "month"), price("12,90 €/mois", "12.90", "EUR", period: "month"),
    price("120 € par an", "120", "EUR", period: "year"), price("120 €/an", "120", "EUR", period: "year"),
    price("9 € par utilisateur par mois", "9", "EUR", period: "month", unit: "user"),
    price("99 € HT / mois", "99", "EUR", period: "month"), price("99 € TTC", "99", "EUR"),
    price("49 € Paiement unique", "49", "EUR", period: "once"), price("19 € mensuel", "19", "EUR", period: "month"),
    price("À partir de 9 €/mois", "9", "EUR", period: "month"), price("1 049,95 €", "1049.95", "EUR"),
    price("12,99 $", "12.99", "USD"), price("12,99 $ CA", "12.99", "CAD"), price("Dès 5 €", "5", "EUR"),
    // Spanish and Portuguese.
    price("19 €/mes", "19", "EUR", period: "month"), price("19 € al mes", "19", "EUR", period: "month"),
    price("19 € por mes", "19", "EUR", period: "month"), price("190 € al año", "190", "EUR", period: "year"),
    price("$0.75 mensual por estudiante activo", "0.75", "USD", period: "month", unit: "estudiante activo"),
    price("$39.99 por dispositivo (Pago único)", "39.99", "USD", period: "once", unit: "dispositivo"),
    price("Desde $9 USD/mes", "9", "USD", period: "month"), price("$1.299 MXN", "1299", "MXN"),
    price("MX$ 499", "499", "MXN"), price("$12.990", "12990", "USD"),
    price("9 € por usuario/mes", "9", "EUR", period: "month", unit: "user"),
    price("R$ 49,90/mês", "49.90", "BRL", period: "month"), price("R$49,90 por mês", "49.90", "BRL", period: "month"),
    price("R$ 1.299,90", "1299.90", "BRL"), price("R$ 29 ao mês", "29", "BRL", period: "month"),
    price("R$ 499 por ano", "499", "BRL", period: "year"), price("R$ 99 Pagamento único", "99", "BRL", period: "once"),
    price("R$ 19,90 mensal", "19.90", "BRL", period: "month"),
    price("29,90 € por utilizador", "29.90", "EUR", unit: "utilizador"),
    // Italian and Dutch.
    price("19 € al mese", "19", "EUR", period: "month"), price("€ 19,00 al mese", "19.00", "EUR", period: "month"),
    price("190 € all'anno", "190", "EUR", period: "year"),
    price("9 € per utente al mese", "9", "EUR", period: "month", unit: "user"),
    price("€ 9,95 per maand", "9.95", "EUR", period: "month"), price("€ 99 per jaar", "99", "EUR", period: "year"),
    price("€ 4,50 per gebruiker per maand", "4.50", "EUR", period: "month", unit: "user"),
    price("€ 49,- eenmalig", "49", "EUR", period: "once"),
    price("€ 12,50 p/m", "12.50", "EUR", period: "month"),
    // Swiss: apostrophe thousands, ".–" for no cents.
    price("CHF 1'049.95", "1049.95", "CHF"), price("CHF 1’049.95", "1049.95", "CHF"), price("CHF 49.–", "49", "CHF"),
    price("Fr. 29.90", "29.90", "CHF"), price("1'290 CHF", "1290", "CHF"), price("CHF 12'500.-", "12500", "CHF"),
    price("SFr. 99.00", "99.00", "CHF"),
    // UK and pence.
    price("£8", "8", "GBP"), price("£1,299.99", "1299.99", "GBP"), price("£12.50 inc. VAT", "12.50", "GBP"),
    price("£10 per user per month", "10", "GBP", period: "month", unit: "user"), price("99p", "0.99", "GBP"),
    price("From £4.99/mo", "4.99", "GBP", period: "month"), price("GBP 20", "20", "GBP"),
    // Dollars of other countries.
    price("CA$15", "15", "CAD"), price("CA$ 1,299.00", "1299.00", "CAD"), price("A$29", "29", "AUD"),
    price("AU$ 49.95", "49.95", "AUD"), price("NZ$19", "19", "NZD"), price("HK$388", "388", "HKD"),
    price("S$28.90", "28.90", "SGD"), price("NT$ 390", "390", "TWD"), price("US$ 1,000", "1000", "USD"),
    price("U$S 15", "15", "USD"), price("USD 1,234.56", "1234.56", "USD"), price("1,234.56 USD", "1234.56", "USD"),
    price("$29.99 USD/mo", "29.99", "USD", period: "month"), price("29.99$", "29.99", "USD"),
    price("50¢", "0.5", "USD"),
    // Asia.
    price("¥1,500", "1500", "JPY"), price("¥0", "0", "JPY"), price("￥980", "980", "JPY"), price("980円", "980", "JPY"),
    price("1,980円（税込）", "1980", "JPY"), price("月額 ¥900（自動更新）", "900", "JPY", period: "month"),
    price("月額900円", "900", "JPY", period: "month"), price("年額 9,800円", "9800", "JPY", period: "year"),
    price("¥900/月", "900", "JPY", period: "month"), price("9,800円/年", "9800", "JPY", period: "year"),
    price("５００円", "500", "JPY"), price("¥1,200 / ユーザー / 月", "1200", "JPY", period: "month", unit: "user"),
    price("CN¥ 99", "99", "CNY"), price("99元", "99", "CNY"), price("¥99元/月", "99", "CNY", period: "month"),
    price("RMB 199", "199", "CNY"), price("₹1,49,000", "149000", "INR"), price("₹ 12,34,567.50", "1234567.50", "INR"),
    price("₹499/month", "499", "INR", period: "month"), price("Rs. 1,499", "1499", "INR"),
    price("Rs 999", "999", "INR"),
    price("INR 2,499", "2499", "INR"), price("₩12,000", "12000", "KRW"), price("12,000원", "12000", "KRW"),
    price("월 9,900원", "9900", "KRW", period: "month"), price("₫1.299.000", "1299000", "VND"),
    price("1.299.000₫", "1299000", "VND"), price("199.000 đ", "199000", "VND"), price("₱1,299.00", "1299.00", "PHP"),
    price("฿1,290", "1290", "THB"), price("RM 29.90", "29.90", "MYR"), price("RM29", "29", "MYR"),
    price("Rp 149.000", "149000", "IDR"), price("Rp149.000/bulan", "149000", "IDR", period: "month"),
    price("Rp 1.500.000", "1500000", "IDR"), price("₪99.90", "99.90", "ILS"), price("₪ 1,290", "1290", "ILS"),
    // Europe outside the euro.
    price("₺1.299,99", "1299.99", "TRY"), price("1.299,99 TL", "1299.99", "TRY"), price("₽1 299", "1299", "RUB"),
    price("1 299 ₽", "1299", "RUB"), price("1 299 руб.", "1299", "RUB"),
    price("990 руб/мес", "990", "RUB", period: "month"),
    price("9 800 Kč", "9800", "CZK"), price("299 Kč/měsíc", "299", "CZK", period: "month"),
    price("49 zł", "49", "PLN"), price("1 299,99 zł", "1299.99", "PLN"),
    price("49 zł/mies.", "49", "PLN", period: "month"),
    price("99 Kč měsíčně", "99", "CZK", period: "month"), price("990 Kč ročně", "990", "CZK", period: "year"),
    price("49 zł miesięcznie", "49", "PLN", period: "month"), price("9,90 € mesačne", "9.90", "EUR", period: "month"),
    price("99 kr", "99", "SEK"), price("1 299 kr", "1299", "SEK"), price("kr 1.299,-", "1299", "SEK"),
    price("99 kr/mån", "99", "SEK", period: "month"), price("199 NOK per måned", "199", "NOK", period: "month"),
    price("149 DKK/md", "149", "DKK", unit: "md"), price("12 345 Ft", "12345", "HUF"),
    price("49,99 lei", "49.99", "RON"),
    price("1 299,00 грн", "1299.00", "UAH"), price("₴499", "499", "UAH"), price("29 лв.", "29", "BGN"),
    price("R 199", "199", "ZAR"), price("R1 299,00", "1299.00", "ZAR"),
    // Usage prices.
    price("$0.002 / 1K tokens", "0.002", "USD", unit: "1K tokens"),
    price("$0.75 per active student", "0.75", "USD", unit: "active student"),
    price("$15 per 1M tokens", "15", "USD", unit: "1M tokens"),
    price("€0,04 pro Minute", "0.04", "EUR", unit: "Minute"),
    price("$0.10/GB", "0.10", "USD", unit: "GB"), price("$.99", "0.99", "USD"), price("$ .99", "0.99", "USD"),
    // Text gathered from split elements: "<span>$</span><span>29</span><sup>.99</sup>".
    price("$29.99", "29.99", "USD"), price("$ 29 .99", "29.99", "USD"), price("$ 29 99", "29.99", "USD"),
    price("$29 99 /mo", "29.99", "USD", period: "month"), price("29 99 €", "29.99", "EUR"), price("$ 29", "29", "USD"),
    price("€ 12 ,90", "12.90", "EUR"), price("$ 1,299 .00", "1299.00", "USD"),
    // Signs: credits are negative, never positive.
    price("-$5", "-5", "USD"), price("−5 €", "-5", "EUR"), price("($5)", "-5", "USD"), price("$-5", "-5", "USD"),
    price("-€12,50", "-12.50", "EUR"), price("(€ 1.234,50)", "-1234.50", "EUR"), price("Credit: -$20", "-20", "USD"),
    price("-5 €", "-5", "EUR"), price("Pro ($29)", "29", "USD"),
    // A bare amount in a price field: the amount kept, the currency unknown.
    price("49", "49", nil), price("49.99", "49.99", nil), price("1.234,50", "1234.50", nil),
    price("12,90", "12.90", nil),
    price("49/mo", "49", nil, period: "month"), price("49 / month", "49", nil, period: "month"),
    price("49 per user", "49", nil, unit: "user"), price("Price: 49", "49", nil), price("From 29", "29", nil),
    price("0.0 per life", "0.0", nil, unit: "life"), price("-5", "-5", nil),
    price("49 monthly", "49", nil, period: "month"),
    price("29*", "29", nil), price("1,49,000", "149000", nil), price("1'049.95", "1049.95", nil),
    // Shop conventions: no-cents dashes, old and new prices, a second price after the first, tax words.
    price("299:-", "299", nil), price("1 299:- kr", "1299", "SEK"), price("Was £29.99 Now £19.99", "19.99", "GBP"),
    price("Reg. $49.99 Sale $39.99", "39.99", "USD"), price("statt 49,99 € nur 29,99 €", "29.99", "EUR"),
    price("UVP 99 € 79 €", "79", "EUR"), price("Sale $19.99 Regular $29.99", "19.99", "USD"),
    price("$5/mo billed as $60 yearly", "5", "USD", period: "month"),
    price("$8/mo ($96/yr)", "8", "USD", period: "month"), price("£10 pcm", "10", "GBP", period: "month"),
    price("£1,200 p.a.", "1200", "GBP", period: "year"), price("49 € netto", "49", "EUR"),
    price("€5 excl. btw", "5", "EUR"), price("€2,99/kg", "2.99", "EUR", unit: "kg"),
    price("2,99 €/100 g", "2.99", "EUR", unit: "100 g"), price("$5 ea.", "5", "USD"), price("£5 + VAT", "5", "GBP"),
    price("1,290 บาท", "1290", "THB"), price("129.000 VNĐ", "129000", "VND"), price("49,99 Lei", "49.99", "RON"),
    price("٣٩٩ ر.س", "399", "SAR"), price("AED 1,299", "1299", "AED"), price("税込12,800円", "12800", "JPY"),
    price("2 for $5", "5", "USD"), price("3 x 9,99 €", "9.99", "EUR"), price("₹499/-", "499", "INR"),
    price("$19.99$29.99", "19.99", "USD"), price("S/ 49.90", "49.90", "PEN"), price("$ 12.990 CLP", "12990", "CLP"),
    price("R2 storage $0.015/GB", "0.015", "USD", unit: "GB"),
    // Other numbers beside the price.
    price("1-3 users: $10", "10", "USD"), price("2024 – $1,299", "1299", "USD"),
    price("MRP ₹1,999 ₹1,299", "1299", "INR"),
    price("R$ 1.299,00 ou 12x de R$ 108,25", "1299.00", "BRL"), price("12x R$ 108,25 sem juros", "108.25", "BRL"),
    price("Save 20% — $39/mo", "39", "USD", period: "month"), price("-20% 39,99 €", "39.99", "EUR"),
    price("4.5 ★ $19.99", "19.99", "USD"), price("Call 1-800-555-0199 for $29", "29", "USD"),
    price("0.5¢/message", "0.005", "USD", unit: "message"), price("#1 Best Seller $19.99", "19.99", "USD"),
    // Magnitudes in a price field.
    price("$5k/mo", "5000", "USD", period: "month"), price("$1.5M", "1500000", "USD"),
]

/// Texts that are not a price even in a price field.
private let worldRejected = [
    "14-day trial", "24/7", "30% off", "Save 20%", "+1 (555) 123-4567", "12 months", "2 users", "Version 2.1",
    "H100", "GPT-4", "10GB", "3rd", "Plan 2", "$1.2.3", "1.2.3 €", "€1,299.5.0", "Tier 1", "ISO 9001", "v1.2",
    "Mehr erfahren", "Jetzt starten", "12 monthly credits",
    // More than 38 significant digits: unparseable, never rounded.
    "$" + String(repeating: "9", count: 39),
    String(repeating: "1", count: 20) + "." + String(repeating: "1", count: 19) + " €",
]

/// Words that give a kind without an amount, in many languages.
private let worldKeywords: [(String, Price.Kind)] = [
    ("Free", .free), ("Gratis", .free), ("Kostenlos", .free), ("Gratuit", .free), ("Grátis", .free),
    ("Gratuito", .free), ("無料", .free), ("免费", .free), ("Free forever", .free), ("Für immer kostenlos", .free),
    ("Basisversion – kostenlos", .free), ("무료", .free), ("Бесплатно", .free), ("Gratuite", .free),
    ("Custom", .custom), ("Custom pricing", .custom), ("Individuell", .custom), ("Sur mesure", .custom),
    ("Personalizado", .custom), ("Precio personalizado", .custom), ("Maatwerk", .custom),
    ("Contact sales", .contactSales), ("Let's talk", .contactSales), ("Let’s talk", .contactSales),
    ("Auf Anfrage", .contactSales), ("Preis auf Anfrage", .contactSales), ("Sur devis", .contactSales),
    ("Contactar", .contactSales), ("Contáctanos", .contactSales), ("Sob consulta", .contactSales),
    ("お問い合わせ", .contactSales), ("要相談", .contactSales), ("Get a quote", .contactSales),
    ("Price on request", .contactSales), ("Nous contacter", .contactSales), ("Su richiesta", .contactSales),
    ("Op aanvraag", .contactSales), ("Kontaktieren Sie uns", .contactSales), ("Talk to us", .contactSales),
    ("No free tier", .unknown), ("Nicht kostenlos", .unknown), ("Pas gratuit", .unknown),
]

/// The first 38 significant digits are kept exactly.
private let thirtyEightDigits = String(repeating: "9", count: 38)

@Suite("Prices as written around the world")
struct PriceParserWorldTests {
    @Test(arguments: worldPrices)
    func readsWorldPrice(expected: ExpectedPrice) {
        expected.check(PriceParser.parse(expected.text))
    }

    @Test(arguments: worldRejected)
    func rejectsNonPrice(text: String) {
        let price = PriceParser.parse(text)
        ExpectedPrice(text: text, kind: .unknown).check(price)
        #expect(price.raw == text)
    }

    @Test(arguments: worldKeywords)
    func readsKeyword(text: String, kind: Price.Kind) {
        ExpectedPrice(text: text, kind: kind).check(PriceParser.parse(text))
    }

    @Test func keepsThirtyEightDigitsExactly() throws {
        let price = PriceParser.parse("$" + thirtyEightDigits)
        #expect(price.amount?.description == thirtyEightDigits)
        let places = String(thirtyEightDigits.dropLast(12)) + "." + String(thirtyEightDigits.suffix(12))
        #expect(PriceParser.parse(places + " €").amount?.description == places)
    }

    @Test(arguments: [
        ("10 € bis 20 €", "10", "20", "EUR"), ("5–10 €", "5", "10", "EUR"), ("€5-10", "5", "10", "EUR"),
        ("¥1,000～¥5,000", "1000", "5000", "JPY"), ("$10 - 20", "10", "20", "USD"),
        ("de 10 € à 20 €", "10", "20", "EUR"),
        ("R$ 10 a R$ 20", "10", "20", "BRL"), ("desde 10 € hasta 20 €", "10", "20", "EUR"),
        ("-$5 to $5", "-5", "5", "USD"),
        // Digits the scanner reads as ASCII ones: full-width and Arabic-Indic.
        ("¥１，０００～¥５，０００", "1000", "5000", "JPY"), ("€٥ - €١٠", "5", "10", "EUR"),
        ("€۵ - €۱۰", "5", "10", "EUR"), ("１０ € – ２０ €", "10", "20", "EUR"),
    ])
    func readsWorldRange(text: String, low: String, high: String, currency: String) throws {
        let range = try PriceParser.parseRange(text)
        #expect(range.low.amount == Amount(low) && range.high.amount == Amount(high), "\(text)")
        #expect(range.low.currency == currency && range.high.currency == currency, "\(text)")
    }

    /// Two bare numbers are not a range: a phone number or "2024-2026" in a price field stays whole.
    @Test(arguments: ["1-800-555-0199", "2024-2026", "1 - 2"])
    func bareNumbersAreNoRange(text: String) {
        #expect(throws: PriceParseError(text: text)) { try PriceParser.parseRange(text) }
    }
}
