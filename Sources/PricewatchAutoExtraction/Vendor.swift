import Foundation

/// The vendor's name as the page gives it: `og:site_name`, JSON-LD `brand`/`publisher`, else the part of the
/// `<title>` that is not about pricing ("Pricing | Acme" gives "Acme").
enum Vendor {
    static func name(page: Page, structured: String?) -> String? {
        for index in 0..<page.count where page.name(index) == "meta" {
            let property = (page.attribute("property", of: index) ?? page.attribute("name", of: index) ?? "")
                .lowercased()
            if property == "og:site_name", let content = page.attribute("content", of: index)?.trimmed, !content.isEmpty
            {
                return content
            }
        }
        if let structured = structured?.trimmed, !structured.isEmpty { return structured }
        guard let title = (0..<page.count).first(where: { page.name($0) == "title" }) else { return nil }
        let text = (page.element(title).rawText ?? page.text(title)).trimmed
        let parts = text.components(separatedBy: CharacterSet(charactersIn: "|–—·:")).map(\.trimmed)
            .flatMap { $0.components(separatedBy: " - ").map(\.trimmed) }.filter { !$0.isEmpty }
        let named = parts.filter { part in
            let lower = part.lowercased()
            return !pricingWords.contains(where: lower.holds)
        }
        return named.last ?? parts.first
    }

    private static let pricingWords = [
        "pricing", "price", "plans", "preise", "tarif", "precios", "preços", "prezzi", "prijzen", "料金", "価格",
    ]
}

extension String {
    /// The text without white space or line breaks at either end. Most texts have none, and are spared
    /// Foundation's trimming (27,000 instructions for a page title).
    var trimmed: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last,
            !CharacterSet.whitespacesAndNewlines.contains(first), !CharacterSet.whitespacesAndNewlines.contains(last)
        else { return trimmingCharacters(in: .whitespacesAndNewlines) }
        return self
    }
}
