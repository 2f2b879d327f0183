/// Renders a record for people reading a terminal.
public enum RecordTextRenderer {
    /// A few lines per plan: name, prices, best-for and features.
    public static func render(_ record: Record) -> String {
        var lines: [String] = []
        lines.append("\(record.vendor ?? record.target)  [\(record.target)]")
        if let url = record.url { lines.append("  url:           \(url)") }
        if let date = record.lastVerified { lines.append("  last verified: \(date)") }
        if let freeTier = record.freeTier { lines.append("  free tier:     \(freeTier)") }
        if let range = record.priceRange { lines.append("  price range:   \(range.low.raw) – \(range.high.raw)") }
        lines.append("  plans (\(record.plans.count)):")
        for plan in record.plans {
            let prices = plan.prices.sorted(by: { $0.key < $1.key }).map { "\($0.key) \($0.value.raw)" }
            lines.append("    - \(plan.name): \(prices.isEmpty ? "no price listed" : prices.joined(separator: ", "))")
            if let bestFor = plan.bestFor { lines.append("      best for: \(bestFor)") }
            for feature in plan.features { lines.append("      • \(feature)") }
        }
        if !record.alternatives.isEmpty {
            lines.append("  alternatives (\(record.alternatives.count)):")
            for alternative in record.alternatives {
                let prices = [alternative.startingPrice?.raw, alternative.topPrice?.raw].compactMap { $0 }
                lines.append("    - \(alternative.name): \(prices.joined(separator: " to "))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
