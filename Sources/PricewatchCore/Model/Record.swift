import Foundation

/// What pricewatch extracted from one pricing page: the `pricewatch.record/1` document.
public struct Record: Hashable, Sendable, Codable {
    /// The schema identifier written in every record.
    public static let schemaID = "pricewatch.record/1"

    /// Always ``schemaID``; kept so readers can check what they got.
    public var schema: String = Record.schemaID
    /// The target id from `selectors.yml`, such as `costbench/kling-api`.
    public var target: String
    /// The site whose rules extracted this record.
    public var site: String
    /// The page's URL, when known.
    public var url: String?
    /// When the page was fetched (or read), ISO 8601 UTC.
    public var fetchedAt: String
    /// The vendor's name as the page gives it.
    public var vendor: String?
    /// The date the page says its prices were last checked, `YYYY-MM-DD`.
    public var lastVerified: String?
    /// What the page says about a free tier.
    public var freeTier: String?
    /// The page's overall price range.
    public var priceRange: PriceRange?
    /// The plans in page order.
    public var plans: [Plan]
    /// Competing products the page lists with their prices.
    public var alternatives: [Alternative]
    /// Site-specific fields beyond the standard ones, by rule name.
    public var extras: [String: ExtraValue]
    /// How the record was read when no site rules were used: `auto` for zero-config reading; nil (and not
    /// written) for records read with rules.
    public var extraction: String?

    /// The ``extraction`` of records read without rules.
    public static let autoExtraction = "auto"

    /// Creates a record.
    public init(
        target: String, site: String, url: String? = nil, fetchedAt: String, vendor: String? = nil,
        lastVerified: String? = nil, freeTier: String? = nil, priceRange: PriceRange? = nil, plans: [Plan] = [],
        alternatives: [Alternative] = [], extras: [String: ExtraValue] = [:]
    ) {
        self.target = target
        self.site = site
        self.url = url
        self.fetchedAt = fetchedAt
        self.vendor = vendor
        self.lastVerified = lastVerified
        self.freeTier = freeTier
        self.priceRange = priceRange
        self.plans = plans
        self.alternatives = alternatives
        self.extras = extras
    }

    enum CodingKeys: String, CodingKey {
        case schema, target, site, url, vendor, plans, alternatives, extras, extraction
        case fetchedAt = "fetched_at"
        case lastVerified = "last_verified"
        case freeTier = "free_tier"
        case priceRange = "price_range"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        guard schema == Record.schemaID else {
            throw DecodingError.dataCorruptedError(
                forKey: .schema, in: c, debugDescription: "expected schema \(Record.schemaID), found \(schema)")
        }
        target = try c.decode(String.self, forKey: .target)
        site = try c.decode(String.self, forKey: .site)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        fetchedAt = try c.decode(String.self, forKey: .fetchedAt)
        vendor = try c.decodeIfPresent(String.self, forKey: .vendor)
        lastVerified = try c.decodeIfPresent(String.self, forKey: .lastVerified)
        freeTier = try c.decodeIfPresent(String.self, forKey: .freeTier)
        priceRange = try c.decodeIfPresent(PriceRange.self, forKey: .priceRange)
        plans = try c.decodeIfPresent([Plan].self, forKey: .plans) ?? []
        alternatives = try c.decodeIfPresent([Alternative].self, forKey: .alternatives) ?? []
        extras = try c.decodeIfPresent([String: ExtraValue].self, forKey: .extras) ?? [:]
        extraction = try c.decodeIfPresent(String.self, forKey: .extraction)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(target, forKey: .target)
        try c.encode(site, forKey: .site)
        try c.encode(url, forKey: .url)
        try c.encode(fetchedAt, forKey: .fetchedAt)
        try c.encode(vendor, forKey: .vendor)
        try c.encode(lastVerified, forKey: .lastVerified)
        try c.encode(freeTier, forKey: .freeTier)
        try c.encode(priceRange, forKey: .priceRange)
        try c.encode(plans, forKey: .plans)
        try c.encode(alternatives, forKey: .alternatives)
        try c.encode(extras, forKey: .extras)
        try c.encodeIfPresent(extraction, forKey: .extraction)
    }
}

/// One plan (tier) on a pricing page.
public struct Plan: Hashable, Sendable, Codable {
    /// The plan's name as the page shows it.
    public var name: String
    /// Prices by field: `monthly`, `annual`, `annual_total`, ... as the site's rules name them.
    public var prices: [String: Price]
    /// Who the page says the plan is for.
    public var bestFor: String?
    /// The plan's features in page order.
    public var features: [String]
    /// How sure zero-config reading is that this is a plan with these prices, in percent (0–100); nil (and
    /// not written) for plans read with rules. Whole percent, so an unchanged page gives the same record.
    public var confidence: Int?

    /// Creates a plan.
    public init(
        name: String, prices: [String: Price] = [:], bestFor: String? = nil, features: [String] = [],
        confidence: Int? = nil
    ) {
        self.name = name
        self.prices = prices
        self.bestFor = bestFor
        self.features = features
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case name, prices, features, confidence
        case bestFor = "best_for"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        prices = try c.decodeIfPresent([String: Price].self, forKey: .prices) ?? [:]
        bestFor = try c.decodeIfPresent(String.self, forKey: .bestFor)
        features = try c.decodeIfPresent([String].self, forKey: .features) ?? []
        confidence = try c.decodeIfPresent(Int.self, forKey: .confidence)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(prices, forKey: .prices)
        try c.encode(bestFor, forKey: .bestFor)
        try c.encode(features, forKey: .features)
        try c.encodeIfPresent(confidence, forKey: .confidence)
    }
}

/// A competing product listed on the page.
public struct Alternative: Hashable, Sendable, Codable {
    /// The product's name.
    public var name: String
    /// Its lowest listed price.
    public var startingPrice: Price?
    /// Its highest listed price.
    public var topPrice: Price?

    /// Creates an alternative.
    public init(name: String, startingPrice: Price? = nil, topPrice: Price? = nil) {
        self.name = name
        self.startingPrice = startingPrice
        self.topPrice = topPrice
    }

    enum CodingKeys: String, CodingKey {
        case name
        case startingPrice = "starting_price"
        case topPrice = "top_price"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(startingPrice, forKey: .startingPrice)
        try c.encode(topPrice, forKey: .topPrice)
    }
}

/// A site-specific value in ``Record/extras``.
public enum ExtraValue: Hashable, Sendable, Codable {
    case text(String)
    case list([String])
    case price(Price)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([String].self) {
            self = .list(list)
        } else {
            self = .price(try container.decode(Price.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .list(let list): try container.encode(list)
        case .price(let price): try container.encode(price)
        }
    }
}
