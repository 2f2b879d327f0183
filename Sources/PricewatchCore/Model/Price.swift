import Foundation

/// A price as a page states it, with the parts pricewatch understands pulled out.
///
/// `raw` keeps the page's own wording so nothing is lost when the parser cannot classify it.
public struct Price: Hashable, Sendable, Codable {
    /// What sort of price a page shows.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case amount
        case free
        case custom
        case contactSales = "contact_sales"
        case unknown
    }

    /// The text the page showed, whitespace collapsed.
    public var raw: String
    /// Whether this is a number, free, custom, "contact sales" or not understood.
    public var kind: Kind
    /// The exact amount, for `kind == .amount` (and `0` for free plans that say "$0").
    public var amount: Amount?
    /// ISO 4217 code such as `USD`, `EUR`.
    public var currency: String?
    /// Billing period: `month`, `year`, `week`, `day`, `hour`, or nil when the page names none.
    public var period: String?
    /// What the amount buys when it is usage-based: `second`, `image`, `user`, `image / second`, ...
    public var unit: String?

    /// Creates a price; parsers normally build these, see ``PriceParser``.
    public init(
        raw: String, kind: Kind, amount: Amount? = nil, currency: String? = nil, period: String? = nil,
        unit: String? = nil
    ) {
        self.raw = raw
        self.kind = kind
        self.amount = amount
        self.currency = currency
        self.period = period
        self.unit = unit
    }

    /// Whether two prices mean the same thing, ignoring how the page spelled them.
    public func isEquivalent(to other: Price) -> Bool {
        kind == other.kind && amount == other.amount && currency == other.currency && period == other.period
            && unit == other.unit && (kind != .unknown || raw == other.raw)
    }

    enum CodingKeys: String, CodingKey {
        case raw, kind, amount, currency, period, unit
    }

    public func encode(to encoder: any Encoder) throws {
        // Every key is written, null included, so consumers can rely on the shape.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(raw, forKey: .raw)
        try container.encode(kind, forKey: .kind)
        try container.encode(amount, forKey: .amount)
        try container.encode(currency, forKey: .currency)
        try container.encode(period, forKey: .period)
        try container.encode(unit, forKey: .unit)
    }
}

/// A low and a high price, as in "from $4 to $500/usage".
public struct PriceRange: Hashable, Sendable, Codable {
    /// The cheapest price on the page.
    public var low: Price
    /// The dearest price on the page.
    public var high: Price

    /// Creates a range.
    public init(low: Price, high: Price) {
        self.low = low
        self.high = high
    }
}

/// An exact decimal amount, written to JSON as a string so no precision is lost (`"0.084"`, `"1299"`).
public struct Amount: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The value.
    public let value: Decimal
    /// The value as stored and shown: up to 12 decimal places, no trailing zeros (`"0.08"`, `"1299"`).
    ///
    /// Worked out once: every fingerprint and snapshot of a record writes each of its amounts, and through
    /// `Decimal` that was a third of a fingerprint's cost.
    public let description: String

    /// Parses a plain decimal such as `1299` or `0.084` (no separators, no sign other than `-`).
    ///
    /// Nil for more than 38 significant digits, which `Decimal` cannot hold: such an amount would be rounded
    /// silently.
    public init?(_ text: String) {
        guard !text.isEmpty,
            text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
            Self.significantDigits(text) <= 38
        else { return nil }
        if let value = Self.plainDecimal(text), let canonical = Self.canonical(text) {
            self.value = value
            description = canonical
            return
        }
        // No locale: the separator is always ".", and a `Locale` would load ICU's number-format data
        // (about 2 MB resident) into every run.
        guard let value = Decimal(string: text) else { return nil }
        self.value = value
        description = Self.canonical(text) ?? Self.formatted(value)
    }

    /// The digits of a plain decimal text between its first and last non-zero digit.
    static func significantDigits(_ text: String) -> Int {
        var count = 0
        var zerosSinceLastSignificant = 0
        for byte in text.utf8 where byte >= 0x30 && byte <= 0x39 {
            if byte == 0x30 {
                if count > 0 { zerosSinceLastSignificant += 1 }
            } else {
                count += zerosSinceLastSignificant + 1
                zerosSinceLastSignificant = 0
            }
        }
        return count
    }

    /// The value of a plain decimal text (an optional minus, digits, at most one point) of up to 18
    /// significant digits, built from its digits: `Decimal(string:)` was most of the cost of reading a price.
    static func plainDecimal(_ text: String) -> Decimal? {
        var digits = text.utf8[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        var significand: UInt64 = 0
        var significant = 0
        var fractionDigits = 0
        var sawPoint = false
        var sawDigit = false
        for byte in digits {
            if byte == UInt8(ascii: ".") {
                guard !sawPoint else { return nil }
                sawPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            sawDigit = true
            if sawPoint { fractionDigits += 1 }
            if significand == 0 && byte == UInt8(ascii: "0") { continue }
            significant += 1
            guard significant <= 18 else { return nil }
            significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        guard sawDigit else { return nil }
        // Zero has no sign in `Decimal` (a negative zero would be NaN).
        guard significand != 0 else { return Decimal.zero }
        return Decimal(sign: negative ? .minus : .plus, exponent: -fractionDigits, significand: Decimal(significand))
    }

    /// Wraps a decimal value.
    public init(_ value: Decimal) {
        self.value = value
        description = Self.formatted(value)
    }

    /// The value rounded to 12 places, in `Decimal`'s own notation, which always writes "." and, unlike a
    /// locale-aware description, needs no ICU data.
    static func formatted(_ value: Decimal) -> String {
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 12, .plain)
        return rounded.description
    }

    /// What ``formatted(_:)`` gives for a plain decimal text of at most 12 places and 30 digits, read from
    /// its digits: leading and trailing zeros dropped, no rounding needed. Nil for any other text.
    static func canonical(_ text: String) -> String? {
        var digits = Array(text.utf8)[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        let dot = digits.firstIndex(of: UInt8(ascii: "."))
        var whole = dot.map { digits[..<$0] } ?? digits
        var fraction = dot.map { digits[($0 + 1)...] } ?? []
        guard whole.count + fraction.count > 0, whole.count + fraction.count <= 30, fraction.count <= 12,
            (whole + fraction).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        whole = whole.drop { $0 == UInt8(ascii: "0") }
        while fraction.last == UInt8(ascii: "0") { fraction = fraction.dropLast() }
        if whole.isEmpty && fraction.isEmpty { return "0" }
        var text = negative ? "-" : ""
        text += whole.isEmpty ? "0" : String(decoding: whole, as: UTF8.self)
        if !fraction.isEmpty { text += "." + String(decoding: fraction, as: UTF8.self) }
        return text
    }

    public static func == (lhs: Amount, rhs: Amount) -> Bool { lhs.value == rhs.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let amount = Amount(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a decimal amount")
        }
        self = amount
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
