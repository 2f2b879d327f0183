import Foundation
import PricewatchCore

/// Prices, percentages and dates in the reader's locale ("1.299 €/mo" in German, "$1,299/mo" in English).
///
/// A report writes the same few values thousands of times, and each ICU format call costs microseconds, so
/// every text is formatted once and kept.
final class ReportFormatter {
    let locale: Locale
    private let dateStyle: Date.FormatStyle
    private var moneyTexts: [String: String] = [:]
    private var dateTexts: [Substring: String] = [:]

    init(locale: Locale) {
        self.locale = locale
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        dateStyle = Date.FormatStyle(
            date: .abbreviated, time: .omitted, locale: locale, calendar: calendar, timeZone: calendar.timeZone)
    }

    private static let periodSuffixes = ["month": "mo", "year": "yr", "week": "wk", "day": "day", "hour": "hr"]

    /// `$49/mo`, `0,08 $/second`, `Free`, or the page's own words for custom and unparsed prices.
    func price(_ price: Price) -> String {
        switch price.kind {
        case .free: return "Free"
        case .custom, .contactSales, .unknown: return price.raw
        case .amount:
            guard let amount = price.amount else { return price.raw }
            return money(amount, currency: price.currency) + suffix(unit: price.unit, period: price.period)
        }
    }

    /// `/second/mo`-style suffix for a unit and a billing period (empty when neither is known).
    func suffix(unit: String?, period: String?) -> String {
        let unitPart = unit.map { "/\($0)" } ?? ""
        let periodPart = period.map { "/" + (Self.periodSuffixes[$0] ?? $0) } ?? ""
        return unitPart + periodPart
    }

    /// An exact amount in a currency, with as many decimals as it has (at least the currency's two when it
    /// has any): `$49`, `$0.50`, `$0.000225`.
    func money(_ amount: Amount, currency: String?) -> String {
        let key = amount.description + "|" + (currency ?? "")
        if let known = moneyTexts[key] { return known }
        let decimals = amount.description.split(separator: ".").dropFirst().first?.count ?? 0
        let text = money(amount.value, currency: currency, decimals: decimals == 0 ? 0 : max(2, decimals))
        moneyTexts[key] = text
        return text
    }

    /// An axis value, with `decimals` places.
    func money(_ value: Decimal, currency: String?, decimals: Int) -> String {
        let places = min(max(decimals, 0), 12)
        if let currency, currency.utf8.count == 3 {
            return value.formatted(
                Decimal.FormatStyle.Currency(code: currency, locale: locale).precision(.fractionLength(places)))
        }
        return value.formatted(Decimal.FormatStyle(locale: locale).precision(.fractionLength(places)))
    }

    /// A percentage from the differ's one-decimal figure, signed: `+11.4%`, `−5%`.
    func percent(_ percent: Amount) -> String {
        (percent.value / 100).formatted(
            Decimal.FormatStyle.Percent(locale: locale).precision(.fractionLength(0...1)).sign(strategy: .always()))
    }

    /// The calendar date of an ISO 8601 UTC stamp (`Mar 4, 2026`); the stamp itself when it is not one.
    func date(_ stamp: String) -> String {
        let day = stamp.prefix(10)
        if let known = dateTexts[day] { return known }
        guard let seconds = ReportTime.seconds(String(day)) else { return stamp }
        let text = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(dateStyle)
        dateTexts[day] = text
        return text
    }
}

extension ReportFormatter {
    /// A change value as people read it: prices in the locale's format, other values as the alerts write them.
    func value(_ value: ChangeValue?) -> String {
        switch value {
        case .price(let price)?: self.price(price)
        case .priceRange(let range)?: "\(price(range.low)) – \(price(range.high))"
        case nil: "–"
        default: ChangeSummary.value(value)
        }
    }

    /// One line for a change: `Pro monthly: $49/mo → $59/mo (+20.4%)`, `Plan added: Team ($28/mo)`.
    func summary(_ change: Change) -> String {
        let plan = change.plan ?? ""
        switch change.kind {
        case .priceChanged:
            let subject = [change.plan, change.field].compactMap { $0 }.joined(separator: " ")
            let percent = change.deltaPercent.map { " (\(self.percent($0)))" } ?? ""
            return "\(subject): \(value(change.old)) → \(value(change.new))\(percent)"
        case .planAdded:
            return "Plan added: \(plan)" + (change.new.map { " (\(value($0)))" } ?? "")
        case .planRemoved:
            return "Plan removed: \(plan)" + (change.old.map { " (was \(value($0)))" } ?? "")
        default:
            return ChangeSummary.line(for: change)
        }
    }
}
