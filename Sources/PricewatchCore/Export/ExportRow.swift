/// One price of one record as a flat row, the unit `pricewatch export` writes for spreadsheets and tools.
public struct ExportRow: Sendable, Hashable, Encodable {
    /// The target id.
    public var target: String
    /// The vendor name from the record.
    public var vendor: String?
    /// The plan (or competing product) the price belongs to; nil for the page's overall price range.
    public var plan: String?
    /// Which price: a plan's price field (`monthly`), `price_range.low`/`.high`, or
    /// `alternative.starting_price`/`.top_price`.
    public var field: String
    /// The exact amount as a decimal string, when the page gave a number.
    public var amount: Amount?
    /// ISO 4217 currency code.
    public var currency: String?
    /// Billing period (`month`, `year`, ...).
    public var period: String?
    /// What a usage price buys (`image`, `second`, ...).
    public var unit: String?
    /// The page's own wording.
    public var raw: String
    /// When the record was fetched, ISO 8601 UTC.
    public var seenAt: String

    /// The column names, in order; also the JSON keys.
    public static let columns = [
        "target", "vendor", "plan", "field", "amount", "currency", "period", "unit", "raw", "seen_at",
    ]

    /// The row's values in ``columns`` order, nil where there is none.
    public var values: [String?] {
        [target, vendor, plan, field, amount?.description, currency, period, unit, raw, seenAt]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ColumnKey.self)
        for (column, value) in zip(Self.columns, values) {
            try container.encode(value, forKey: ColumnKey(stringValue: column))
        }
    }

    private struct ColumnKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// The rows of one record: every plan price (fields sorted), then the price range, then alternatives.
    public static func rows(of record: Record, seenAt: String) -> [ExportRow] {
        func row(_ plan: String?, _ field: String, _ price: Price) -> ExportRow {
            ExportRow(
                target: record.target, vendor: record.vendor, plan: plan, field: field, amount: price.amount,
                currency: price.currency, period: price.period, unit: price.unit, raw: price.raw, seenAt: seenAt)
        }
        var rows: [ExportRow] = []
        for plan in record.plans {
            for field in plan.prices.keys.sorted() {
                if let price = plan.prices[field] { rows.append(row(plan.name, field, price)) }
            }
        }
        if let range = record.priceRange {
            rows += [row(nil, "price_range.low", range.low), row(nil, "price_range.high", range.high)]
        }
        for alternative in record.alternatives {
            if let price = alternative.startingPrice {
                rows.append(row(alternative.name, "alternative.starting_price", price))
            }
            if let price = alternative.topPrice { rows.append(row(alternative.name, "alternative.top_price", price)) }
        }
        return rows
    }
}
