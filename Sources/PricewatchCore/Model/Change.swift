import Foundation

/// One semantic difference between two records of a target, an entry of `pricewatch.changes/1`.
public struct Change: Hashable, Sendable, Codable {
    /// What kind of difference this is; the raw values are part of the `pricewatch.changes/1` contract.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case priceChanged = "price_changed"
        case planAdded = "plan_added"
        case planRemoved = "plan_removed"
        case featureAdded = "feature_added"
        case featureRemoved = "feature_removed"
        case lastVerifiedChanged = "last_verified_changed"
        case fieldChanged = "field_changed"
        case extractionFailed = "extraction_failed"
        case fetchFailed = "fetch_failed"
    }

    /// The target the change belongs to.
    public var target: String
    /// The kind of change.
    public var kind: Kind
    /// The plan concerned, for plan, price and feature changes.
    public var plan: String?
    /// The field concerned: a price field such as `monthly`, or a record field such as `free_tier`.
    public var field: String?
    /// The feature added or removed.
    public var feature: String?
    /// The value before, for price and field changes.
    public var old: ChangeValue?
    /// The value after.
    public var new: ChangeValue?
    /// `new - old` for two amounts in the same currency, period and unit.
    public var delta: Amount?
    /// `delta` as a percentage of the old amount, rounded to one decimal place.
    public var deltaPercent: Amount?
    /// A human-readable explanation, for failures (`extraction_failed`, `fetch_failed`).
    public var message: String?

    /// Creates a change.
    public init(
        target: String, kind: Kind, plan: String? = nil, field: String? = nil, feature: String? = nil,
        old: ChangeValue? = nil, new: ChangeValue? = nil, delta: Amount? = nil, deltaPercent: Amount? = nil,
        message: String? = nil
    ) {
        self.target = target
        self.kind = kind
        self.plan = plan
        self.field = field
        self.feature = feature
        self.old = old
        self.new = new
        self.delta = delta
        self.deltaPercent = deltaPercent
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case target, kind, plan, field, feature, old, new, delta, message
        case deltaPercent = "delta_pct"
    }
}

/// The before or after value of a ``Change``.
public enum ChangeValue: Hashable, Sendable, Codable {
    case text(String)
    case price(Price)
    case priceRange(PriceRange)
    case list([String])
    case alternative(Alternative)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([String].self) {
            self = .list(list)
        } else if let range = try? container.decode(PriceRange.self) {
            self = .priceRange(range)
        } else if let price = try? container.decode(Price.self) {
            self = .price(price)
        } else {
            self = .alternative(try container.decode(Alternative.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .price(let price): try container.encode(price)
        case .priceRange(let range): try container.encode(range)
        case .list(let list): try container.encode(list)
        case .alternative(let alternative): try container.encode(alternative)
        }
    }
}

/// The `pricewatch.changes/1` document: the changes found for one target.
public struct ChangeSet: Hashable, Sendable, Codable {
    /// The schema identifier written in every change set.
    public static let schemaID = "pricewatch.changes/1"
    /// Always ``schemaID``.
    public var schema: String = ChangeSet.schemaID
    /// The target compared.
    public var target: String
    /// The changes, in a stable order.
    public var changes: [Change]

    /// Creates a change set.
    public init(target: String, changes: [Change]) {
        self.target = target
        self.changes = changes
    }
}

/// The `pricewatch.report/1` document: what one `check` run found across its targets.
public struct Report: Hashable, Sendable, Codable {
    /// The schema identifier written in every report.
    public static let schemaID = "pricewatch.report/1"

    /// How one target came out of a run.
    public enum Status: String, Hashable, Sendable, Codable {
        /// First time seen: a baseline was stored, nothing to compare.
        case new
        case unchanged
        case changed
        /// Fetching or extraction failed; the previous snapshot was kept.
        case failed
    }

    /// One target's outcome.
    public struct TargetResult: Hashable, Sendable, Codable {
        /// The target id.
        public var id: String
        /// The page URL.
        public var url: String?
        /// The vendor name from the record, for people reading alerts.
        public var vendor: String?
        /// The outcome.
        public var status: Status
        /// The changes found (failures included as `extraction_failed` / `fetch_failed`).
        public var changes: [Change]
        /// Why the target failed, when it did.
        public var error: String?
        /// What was read differently from what the page says (a page said to be UTF-8 that is not), while
        /// the target still came out; written only when there are some.
        public var warnings: [String]

        /// Creates a target result.
        public init(
            id: String, url: String?, vendor: String? = nil, status: Status, changes: [Change] = [],
            error: String? = nil, warnings: [String] = []
        ) {
            self.id = id
            self.url = url
            self.vendor = vendor
            self.status = status
            self.changes = changes
            self.error = error
            self.warnings = warnings
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            url = try c.decodeIfPresent(String.self, forKey: .url)
            vendor = try c.decodeIfPresent(String.self, forKey: .vendor)
            status = try c.decode(Status.self, forKey: .status)
            changes = try c.decode([Change].self, forKey: .changes)
            error = try c.decodeIfPresent(String.self, forKey: .error)
            warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(url, forKey: .url)
            try c.encode(vendor, forKey: .vendor)
            try c.encode(status, forKey: .status)
            try c.encode(changes, forKey: .changes)
            try c.encode(error, forKey: .error)
            if !warnings.isEmpty { try c.encode(warnings, forKey: .warnings) }
        }

        enum CodingKeys: String, CodingKey {
            case id, url, vendor, status, changes, error, warnings
        }
    }

    /// Always ``schemaID``.
    public var schema: String = Report.schemaID
    /// When the run started, ISO 8601 UTC.
    public var startedAt: String
    /// When the run finished, ISO 8601 UTC.
    public var finishedAt: String
    /// Each target's outcome, in configuration order.
    public var targets: [TargetResult]

    /// Creates a report.
    public init(startedAt: String, finishedAt: String, targets: [TargetResult]) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.targets = targets
    }

    enum CodingKeys: String, CodingKey {
        case schema, targets
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}
