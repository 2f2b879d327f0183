import Foundation

/// Plain-text sentences for changes ("Pro monthly: $35/mo → $39/mo (+11.4%)"), shared by the terminal and
/// Markdown reports and the alerts.
///
/// Page text is returned as is: callers that render into a markup language escape it themselves.
public enum ChangeSummary {
    /// One line describing a change.
    public static func line(for change: Change) -> String {
        let plan = change.plan ?? ""
        switch change.kind {
        case .priceChanged:
            let subject = [change.plan, change.field].compactMap { $0 }.joined(separator: " ")
            let percent = change.deltaPercent.map { " (\(signed($0))%)" } ?? ""
            return "\(subject.isEmpty ? "Price" : subject): \(value(change.old)) → \(value(change.new))\(percent)"
        case .planAdded:
            let detail = change.new.map { " (\(value($0)))" } ?? ""
            return "Plan added: \(plan)\(detail)"
        case .planRemoved:
            let detail = change.old.map { " (was \(value($0)))" } ?? ""
            return "Plan removed: \(plan)\(detail)"
        case .featureAdded:
            return "Feature added to \(plan): \(change.feature ?? value(change.new))"
        case .featureRemoved:
            return "Feature removed from \(plan): \(change.feature ?? value(change.old))"
        case .lastVerifiedChanged:
            return "Last verified: \(dateSpan(change.old, change.new))"
        case .fieldChanged:
            let field = fieldTitle(change.field ?? "field")
            let subject = change.plan.map { "\($0) \(field.lowercased())" } ?? field
            return "\(subject): \(value(change.old)) → \(value(change.new))"
        case .extractionFailed:
            return "selectors no longer match — page layout changed?" + detail(change.message)
        case .fetchFailed:
            return "could not fetch the page" + detail(change.message)
        }
    }

    private static func detail(_ message: String?) -> String {
        guard let message, !message.isEmpty else { return "" }
        return " (\(message))"
    }

    /// A value as people read it: prices as `$35/mo`, lists comma-separated, absence as "none".
    public static func value(_ value: ChangeValue?) -> String {
        switch value {
        case nil: "none"
        case .text(let text): text
        case .price(let price): self.price(price)
        case .priceRange(let range): "\(price(range.low)) – \(price(range.high))"
        case .list(let items): items.isEmpty ? "none" : items.joined(separator: ", ")
        case .alternative(let alternative):
            alternative.name + (alternative.startingPrice.map { " from \(price($0))" } ?? "")
        }
    }

    private static let currencySymbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"]
    private static let periodSuffixes = ["month": "/mo", "year": "/yr", "week": "/wk", "day": "/day", "hour": "/hr"]

    /// `$35/mo`, `€0.05/image`, `Free`, or the page's own wording when the price was not understood.
    public static func price(_ price: Price) -> String {
        switch price.kind {
        case .free: return "Free"
        case .custom, .contactSales, .unknown: return price.raw
        case .amount:
            guard let amount = price.amount else { return price.raw }
            let number: String
            if let currency = price.currency, let symbol = currencySymbols[currency] {
                number = symbol + amount.description
            } else {
                number = amount.description + (price.currency.map { " \($0)" } ?? "")
            }
            let unit = price.unit.map { "/\($0)" } ?? ""
            let period = price.period.map { periodSuffixes[$0] ?? "/\($0)" } ?? ""
            return number + unit + period
        }
    }

    private static func signed(_ amount: Amount) -> String {
        amount.value > 0 ? "+\(amount)" : amount.description
    }

    /// `free_tier` → `Free tier`.
    private static func fieldTitle(_ field: String) -> String {
        let words = field.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// "May 12 → May 30, 2026", with both years written when they differ; unparsed dates as given.
    private static func dateSpan(_ old: ChangeValue?, _ new: ChangeValue?) -> String {
        guard case .text(let oldText)? = old, case .text(let newText)? = new,
            let from = calendarDate(oldText), let to = calendarDate(newText)
        else { return "\(value(old)) → \(value(new))" }
        let fromText = from.year == to.year ? "\(from.month) \(from.day)" : "\(from.month) \(from.day), \(from.year)"
        return "\(fromText) → \(to.month) \(to.day), \(to.year)"
    }

    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    private static func calendarDate(_ text: String) -> (year: Int, month: String, day: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return (year, monthNames[month - 1], day)
    }
}
