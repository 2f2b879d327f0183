extension Record: ReadableAsWritten, WritableAsJSONValue {
    /// A record read from its JSON text without `JSONDecoder`, or nil for the decoder to read (and to
    /// explain what is wrong, when something is).
    static func decodedAsWritten(_ bytes: [UInt8]) -> Record? {
        JSONValue(parsing: bytes).flatMap(Record.init(json:))
    }

    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "schema": .string(schema), "target": .string(target), "site": .string(site), "url": .optional(url),
            "fetched_at": .string(fetchedAt), "vendor": .optional(vendor), "last_verified": .optional(lastVerified),
            "free_tier": .optional(freeTier), "price_range": priceRange.map(\.jsonValue) ?? .null,
            "plans": .array(plans.map(\.jsonValue)), "alternatives": .array(alternatives.map(\.jsonValue)),
            "extras": .object(extras.mapValues(\.jsonValue)),
        ]
        if let extraction { members["extraction"] = .string(extraction) }
        return .object(members)
    }

    /// Mirrors ``init(from:)``: the same keys required, the same absent-or-null defaults.
    init?(json: JSONValue) {
        guard case .object(let c) = json, case .string(Record.schemaID) = c["schema"],
            case .string(let target) = c["target"], case .string(let site) = c["site"],
            case .string(let fetchedAt) = c["fetched_at"], let url = c.optionalString("url"),
            let vendor = c.optionalString("vendor"), let lastVerified = c.optionalString("last_verified"),
            let freeTier = c.optionalString("free_tier"),
            let priceRange = c.optional("price_range", PriceRange.init(json:)),
            let plans = c.list("plans", Plan.init(json:)), let alternatives = c.list("alternatives", Alternative.init),
            let extras = c.map("extras", ExtraValue.init(json:)), let extraction = c.optionalString("extraction")
        else { return nil }
        self.init(
            target: target, site: site, url: url, fetchedAt: fetchedAt, vendor: vendor, lastVerified: lastVerified,
            freeTier: freeTier, priceRange: priceRange, plans: plans, alternatives: alternatives, extras: extras)
        self.extraction = extraction
    }
}

extension Plan {
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(name), "prices": .object(prices.mapValues(\.jsonValue)), "best_for": .optional(bestFor),
            "features": .array(features.map(JSONValue.string)),
        ]
        if let confidence { members["confidence"] = .integer(confidence) }
        return .object(members)
    }

    init?(json: JSONValue) {
        guard case .object(let c) = json, case .string(let name) = c["name"],
            let prices = c.map("prices", Price.init(json:)), let bestFor = c.optionalString("best_for"),
            let features = c.list("features", \.string), let confidence = c.optional("confidence", \.integer)
        else { return nil }
        self.init(name: name, prices: prices, bestFor: bestFor, features: features, confidence: confidence)
    }
}

extension Alternative {
    var jsonValue: JSONValue {
        .object([
            "name": .string(name), "starting_price": startingPrice.map(\.jsonValue) ?? .null,
            "top_price": topPrice.map(\.jsonValue) ?? .null,
        ])
    }

    init?(json: JSONValue) {
        guard case .object(let c) = json, case .string(let name) = c["name"],
            let startingPrice = c.optional("starting_price", Price.init(json:)),
            let topPrice = c.optional("top_price", Price.init(json:))
        else { return nil }
        self.init(name: name, startingPrice: startingPrice, topPrice: topPrice)
    }
}

extension Price {
    var jsonValue: JSONValue {
        .object([
            "raw": .string(raw), "kind": .string(kind.rawValue), "amount": .optional(amount?.description),
            "currency": .optional(currency), "period": .optional(period), "unit": .optional(unit),
        ])
    }

    init?(json: JSONValue) {
        guard case .object(let c) = json, case .string(let raw) = c["raw"], case .string(let kindName) = c["kind"],
            let kind = Kind(rawValue: kindName), let amountText = c.optionalString("amount"),
            let currency = c.optionalString("currency"), let period = c.optionalString("period"),
            let unit = c.optionalString("unit")
        else { return nil }
        var amount: Amount?
        if let amountText {
            guard let parsed = Amount(amountText) else { return nil }
            amount = parsed
        }
        self.init(raw: raw, kind: kind, amount: amount, currency: currency, period: period, unit: unit)
    }
}

extension PriceRange {
    var jsonValue: JSONValue { .object(["low": low.jsonValue, "high": high.jsonValue]) }

    init?(json: JSONValue) {
        guard case .object(let c) = json, let low = c["low"].flatMap(Price.init(json:)),
            let high = c["high"].flatMap(Price.init(json:))
        else { return nil }
        self.init(low: low, high: high)
    }
}

extension ExtraValue {
    var jsonValue: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .list(let list): .array(list.map(JSONValue.string))
        case .price(let price): price.jsonValue
        }
    }

    /// A string, else a list of strings, else a price, as ``init(from:)`` tries them.
    init?(json: JSONValue) {
        switch json {
        case .string(let text): self = .text(text)
        case .array(let items):
            let texts = items.compactMap(\.string)
            guard texts.count == items.count else { return nil }
            self = .list(texts)
        default:
            guard let price = Price(json: json) else { return nil }
            self = .price(price)
        }
    }
}

extension JSONValue {
    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    var string: String? {
        if case .string(let text) = self { text } else { nil }
    }

    var integer: Int? {
        if case .integer(let number) = self { number } else { nil }
    }

    fileprivate var isNull: Bool {
        if case .null = self { true } else { false }
    }
}

/// Lookups with `decodeIfPresent`'s rules: an absent key and `null` read as absent; any other kind than the
/// one expected makes the whole read nil (for the decoder to explain).
extension [String: JSONValue] {
    /// `.some(nil)` when absent or null, nil when the member is not a string.
    fileprivate func optionalString(_ key: String) -> String?? {
        optional(key, \.string)
    }

    fileprivate func optional<T>(_ key: String, _ read: (JSONValue) -> T?) -> T?? {
        guard let member = self[key], !member.isNull else { return .some(nil) }
        return read(member).map { .some($0) }
    }

    /// An array member; absent or null is empty.
    fileprivate func list<T>(_ key: String, _ read: (JSONValue) -> T?) -> [T]? {
        guard let member = self[key], !member.isNull else { return [] }
        guard case .array(let items) = member else { return nil }
        let values = items.compactMap(read)
        return values.count == items.count ? values : nil
    }

    /// An object member; absent or null is empty.
    fileprivate func map<T>(_ key: String, _ read: (JSONValue) -> T?) -> [String: T]? {
        guard let member = self[key], !member.isNull else { return [:] }
        guard case .object(let members) = member else { return nil }
        let values = members.compactMapValues(read)
        return values.count == members.count ? values : nil
    }
}
