import Foundation

/// One-line, human descriptions of changes, shared by the terminal report, Markdown and alerts.
///
/// Page text is returned as is: callers that render into a markup language escape it themselves.
public enum ChangeSummary {
    /// A sentence such as "Pro monthly: $35/mo → $39/mo (+11.4%)" or "Plan added: Team ($28/mo)".
    public static func line(for change: Change) -> String {
        switch change.kind {
        case .priceChanged:
            let plan = [change.plan, change.field].compactMap { $0 }.joined(separator: " ")
            return "\(plan): \(text(change.old)) → \(text(change.new))\(percent(change))"
        case .planAdded:
            return "Plan added: \(change.plan ?? "?")" + (change.new.map { " (\(text($0)))" } ?? "")
        case .planRemoved:
            return "Plan removed: \(change.plan ?? "?")" + (change.old.map { " (was \(text($0)))" } ?? "")
        case .featureAdded:
            return "Feature added to \(change.plan ?? "?"): \(change.feature ?? "")"
        case .featureRemoved:
            return "Feature removed from \(change.plan ?? "?"): \(change.feature ?? "")"
        case .lastVerifiedChanged:
            return "Last verified: " + dateSpan(old: change.old.map(text), new: change.new.map(text))
        case .fieldChanged:
            let name = [change.plan, change.field.map(fieldLabel)].compactMap { $0 }.joined(separator: " ")
            return "\(name): \(text(change.old)) → \(text(change.new))"
        case .extractionFailed:
            return "Selectors no longer match — page layout changed? \(change.message ?? "")"
        case .fetchFailed:
            return "Fetch failed: \(change.message ?? "")"
        }
    }

    /// A change value as people read it: a price's page text, a range, a list.
    public static func text(_ value: ChangeValue?) -> String {
        guard let value else { return "—" }
        switch value {
        case .text(let text): return text
        case .price(let price): return price.raw
        case .priceRange(let range): return "\(range.low.raw) – \(range.high.raw)"
        case .list(let list): return list.joined(separator: ", ")
        case .alternative(let alternative):
            let prices = [alternative.startingPrice?.raw, alternative.topPrice?.raw].compactMap { $0 }
            return prices.isEmpty ? alternative.name : "\(alternative.name) (\(prices.joined(separator: " – ")))"
        }
    }

    private static func percent(_ change: Change) -> String {
        guard let percent = change.deltaPercent else { return "" }
        let text = percent.description
        return " (\(text.hasPrefix("-") ? "" : "+")\(text)%)"
    }

    private static func fieldLabel(_ field: String) -> String {
        field.replacingOccurrences(of: "_", with: " ")
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "May 12 → May 30, 2026", or with both years when they differ; ISO text that is not a date stays as is.
    static func dateSpan(old: String?, new: String?) -> String {
        func parts(_ iso: String?) -> (year: String, label: String)? {
            guard let iso else { return nil }
            let fields = iso.split(separator: "-")
            guard fields.count == 3, let month = Int(fields[1]), (1...12).contains(month), let day = Int(fields[2])
            else { return nil }
            return (String(fields[0]), "\(months[month - 1]) \(day)")
        }
        switch (parts(old), parts(new)) {
        case (let before?, let after?) where before.year == after.year:
            return "\(before.label) → \(after.label), \(after.year)"
        case (let before?, let after?):
            return "\(before.label), \(before.year) → \(after.label), \(after.year)"
        default:
            return "\(old ?? "—") → \(new ?? "—")"
        }
    }
}
