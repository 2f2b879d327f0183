import Testing

@testable import PricewatchCore

/// How one country writes a price: its currency mark and where it goes, its thousands and decimal
/// separators, its digit grouping and whether it shows cents.
struct PriceConvention: CustomTestStringConvertible, Sendable {
    var name: String
    var currency: String
    var before: String?
    var after: String?
    var thousands: String
    var decimal: String
    var lakh = false
    var cents = true

    var testDescription: String { name }

    /// `whole` and `fraction` (digits) written this country's way.
    func write(whole: String, fraction: String) -> String {
        var groups: [String] = []
        var digits = Substring(whole)
        var size = 3
        while digits.count > size {
            groups.insert(String(digits.suffix(size)), at: 0)
            digits = digits.dropLast(size)
            if lakh { size = 2 }
        }
        groups.insert(String(digits), at: 0)
        var number = groups.joined(separator: thousands)
        if cents, !fraction.isEmpty { number += decimal + fraction }
        return [before, number + (after ?? "")].compactMap { $0 }.joined()
    }
}

private let nbsp = "\u{00A0}"
private let narrowNBSP = "\u{202F}"

private let conventions: [PriceConvention] = [
    PriceConvention(name: "en-US", currency: "USD", before: "$", thousands: ",", decimal: "."),
    PriceConvention(name: "en-GB", currency: "GBP", before: "£", thousands: ",", decimal: "."),
    PriceConvention(name: "en-CA", currency: "CAD", before: "CA$", thousands: ",", decimal: "."),
    PriceConvention(name: "en-AU", currency: "AUD", before: "A$", thousands: ",", decimal: "."),
    PriceConvention(name: "fr-CA", currency: "CAD", after: nbsp + "$" + nbsp + "CA", thousands: nbsp, decimal: ","),
    PriceConvention(name: "de-DE", currency: "EUR", after: nbsp + "€", thousands: ".", decimal: ","),
    PriceConvention(name: "de-AT", currency: "EUR", before: "€" + nbsp, thousands: ".", decimal: ","),
    PriceConvention(name: "fr-FR", currency: "EUR", after: nbsp + "€", thousands: narrowNBSP, decimal: ","),
    PriceConvention(name: "es-ES", currency: "EUR", after: " €", thousands: ".", decimal: ","),
    PriceConvention(name: "it-IT", currency: "EUR", before: "€ ", thousands: ".", decimal: ","),
    PriceConvention(name: "nl-NL", currency: "EUR", before: "€ ", thousands: ".", decimal: ","),
    PriceConvention(name: "en-IE", currency: "EUR", before: "€", thousands: ",", decimal: "."),
    PriceConvention(name: "pt-BR", currency: "BRL", before: "R$" + nbsp, thousands: ".", decimal: ","),
    PriceConvention(name: "pt-PT", currency: "EUR", after: " €", thousands: " ", decimal: ","),
    PriceConvention(name: "de-CH", currency: "CHF", before: "CHF ", thousands: "'", decimal: "."),
    PriceConvention(name: "de-CH typographic", currency: "CHF", before: "CHF ", thousands: "’", decimal: "."),
    PriceConvention(name: "ja-JP yen sign", currency: "JPY", before: "¥", thousands: ",", decimal: ".", cents: false),
    PriceConvention(name: "ja-JP 円", currency: "JPY", after: "円", thousands: ",", decimal: ".", cents: false),
    PriceConvention(name: "zh-CN", currency: "CNY", after: "元", thousands: ",", decimal: "."),
    PriceConvention(name: "ko-KR won sign", currency: "KRW", before: "₩", thousands: ",", decimal: ".", cents: false),
    PriceConvention(name: "ko-KR 원", currency: "KRW", after: "원", thousands: ",", decimal: ".", cents: false),
    PriceConvention(name: "en-IN", currency: "INR", before: "₹", thousands: ",", decimal: ".", lakh: true),
    PriceConvention(name: "en-IN Rs.", currency: "INR", before: "Rs. ", thousands: ",", decimal: ".", lakh: true),
    PriceConvention(name: "sv-SE", currency: "SEK", after: nbsp + "kr", thousands: nbsp, decimal: ","),
    PriceConvention(name: "nb-NO", currency: "NOK", before: "NOK ", thousands: " ", decimal: ","),
    PriceConvention(name: "da-DK", currency: "DKK", after: " DKK", thousands: ".", decimal: ","),
    PriceConvention(name: "pl-PL", currency: "PLN", after: nbsp + "zł", thousands: nbsp, decimal: ","),
    PriceConvention(name: "cs-CZ", currency: "CZK", after: nbsp + "Kč", thousands: nbsp, decimal: ","),
    PriceConvention(name: "hu-HU", currency: "HUF", after: " Ft", thousands: " ", decimal: ",", cents: false),
    PriceConvention(name: "ru-RU", currency: "RUB", after: nbsp + "₽", thousands: nbsp, decimal: ","),
    PriceConvention(name: "ru-RU руб.", currency: "RUB", after: " руб.", thousands: " ", decimal: ","),
    PriceConvention(name: "uk-UA", currency: "UAH", after: " грн", thousands: " ", decimal: ","),
    PriceConvention(name: "tr-TR", currency: "TRY", before: "₺", thousands: ".", decimal: ","),
    PriceConvention(name: "tr-TR TL", currency: "TRY", after: " TL", thousands: ".", decimal: ","),
    PriceConvention(name: "he-IL", currency: "ILS", before: "₪", thousands: ",", decimal: "."),
    PriceConvention(name: "th-TH", currency: "THB", before: "฿", thousands: ",", decimal: "."),
    PriceConvention(name: "vi-VN", currency: "VND", after: nbsp + "₫", thousands: ".", decimal: ",", cents: false),
    PriceConvention(name: "id-ID", currency: "IDR", before: "Rp ", thousands: ".", decimal: ",", cents: false),
    PriceConvention(name: "ms-MY", currency: "MYR", before: "RM", thousands: ",", decimal: "."),
    PriceConvention(name: "fil-PH", currency: "PHP", before: "₱", thousands: ",", decimal: "."),
    PriceConvention(name: "es-MX", currency: "MXN", before: "$", after: " MXN", thousands: ",", decimal: "."),
    PriceConvention(
        name: "es-CL", currency: "CLP", before: "$", after: " CLP", thousands: ".", decimal: ",", cents: false),
    PriceConvention(name: "ro-RO", currency: "RON", after: " lei", thousands: ".", decimal: ","),
    PriceConvention(name: "ISO code before", currency: "USD", before: "USD ", thousands: ",", decimal: "."),
    PriceConvention(name: "ISO code after", currency: "EUR", after: " EUR", thousands: ".", decimal: ","),
    PriceConvention(name: "ar-AE", currency: "AED", before: "AED ", thousands: ",", decimal: "."),
    PriceConvention(name: "en-ZA", currency: "ZAR", before: "R ", thousands: " ", decimal: ","),
]

/// Amounts as whole and fraction digits: small, with cents, round thousands, lakhs, millions.
private let amounts: [(whole: String, fraction: String)] = [
    ("0", ""), ("0", "50"), ("5", ""), ("9", "99"), ("12", "90"), ("49", ""), ("99", "50"), ("100", ""), ("999", "99"),
    ("1000", ""), ("1049", "95"), ("1234", "56"), ("12345", "60"), ("100000", ""), ("149000", ""), ("1234567", "89"),
]

@Suite("Prices in every country's own format")
struct PriceParserLocaleTests {
    /// Every amount, written the country's way, reads back as that amount in that currency.
    @Test(arguments: conventions)
    func readsEveryAmountInConvention(convention: PriceConvention) {
        for (whole, fraction) in amounts {
            let text = convention.write(whole: whole, fraction: fraction)
            let expected = convention.cents && !fraction.isEmpty ? whole + "." + fraction : whole
            let price = PriceParser.parse(text)
            #expect(price.amount == Amount(expected), "\(text)")
            #expect(price.currency == convention.currency, "\(text)")
            #expect(PriceParser.read(text, context: .pageText)?.price.amount == Amount(expected), "\(text)")
            let monthly = PriceParser.parse(text + " / month")
            #expect(monthly.amount == Amount(expected) && monthly.period == "month", "\(text) / month")
        }
    }

    @Test func conventionsWriteAsCountriesDo() {
        let india = conventions.first { $0.name == "en-IN" }
        #expect(india?.write(whole: "1234567", fraction: "89") == "₹12,34,567.89")
        let germany = conventions.first { $0.name == "de-DE" }
        #expect(germany?.write(whole: "1234", fraction: "56") == "1.234,56\u{00A0}€")
    }
}
