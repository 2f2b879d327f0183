import PricewatchHTML

/// How to find one value on a page: a selector, optionally an attribute and a regex, and what to parse it as.
public struct FieldRule: Sendable {
    /// What the matched text is turned into.
    public enum ValueType: String, Sendable, CaseIterable {
        case text, price, date, list
        case priceRange = "price_range"
    }

    /// The selector, or nil when the rule gives a constant `value` or a `column`.
    public var selector: Selector?
    /// In a table row: the header text of the column whose cell is the value (`column: Monthly`).
    public var column: String? = nil
    /// In a row: selects, once per page, the elements that carry row names (the headings of feature cards
    /// elsewhere on the page); the rule's own selector is evaluated from those whose text is this row's name.
    public var byName: Selector? = nil
    /// A fixed value, for facts a page does not state (a vendor's own page rarely names the vendor).
    public var constant: String?
    /// Take this attribute's value instead of the element's text (`datetime`, `href`).
    public var attribute: String?
    /// A regular expression applied to the text; its first capture group (or whole match) is kept.
    public var pattern: String?
    /// How the value is parsed.
    public var type: ValueType
    /// Whether a page without this value is broken (extraction fails, naming this rule).
    public var required: Bool
    /// Where the rule is written, `selectors.yml:12 sites.costbench.vendor`, for error messages.
    public var origin: String
}

/// A CSS or XPath selector as written in `selectors.yml`, with its XPath translation.
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    /// The selector language.
    public enum Language: String, Sendable, Hashable {
        case xpath, css
    }

    /// The language it was written in.
    public let language: Language
    /// The selector as written.
    public let source: String
    /// The XPath that is evaluated (for CSS, the translation, which selects what the CSS selects).
    public let xpath: String
    /// Whether it is evaluated against a row node rather than the whole page.
    public let relative: Bool

    /// Compiles a selector; CSS is translated to XPath, relative to a row node when `relative` is set.
    public init(language: Language, source: String, relative: Bool) throws {
        self.language = language
        self.source = source
        self.relative = relative
        switch language {
        case .xpath: self.xpath = source
        case .css: self.xpath = try CSSSelector.xpath(for: source, relative: relative)
        }
        _ = try XPathExpression(xpath)  // an invalid expression fails when the configuration loads, not per page
    }

    public var description: String { "\(language.rawValue) \"\(source)\"" }
}

/// The rules for a repeated block of a page (table rows, plan cards): `each` selects the blocks, the
/// other rules are evaluated inside each block.
public struct RowRules: Sendable {
    /// Selects every row.
    public var each: Selector
    /// Rules evaluated relative to each row, by record field name, in file order.
    public var fields: [(name: String, rule: FieldRule)]
    /// Whether a page with no rows at all is broken.
    public var required: Bool
    /// Where the rules are written, for error messages.
    public var origin: String

    /// The rule for a field, if the site defines one.
    public func rule(_ name: String) -> FieldRule? {
        fields.first(where: { $0.name == name })?.rule
    }
}

/// How plans are found: rows plus per-plan prices by field name (`monthly`, `annual`, ...).
public struct PlanRules: Sendable {
    /// The rows and their `name`, `best_for` and `features` rules.
    public var rows: RowRules
    /// Price rules by price field, in file order.
    public var prices: [(field: String, rule: FieldRule)]
}

/// Everything pricewatch knows about extracting records from one site's pages.
public struct SiteRules: Sendable {
    /// The site's name in `selectors.yml`.
    public var name: String
    /// Record-level fields (`vendor`, `last_verified`, `free_tier`, `price_range`) by name.
    public var fields: [(name: String, rule: FieldRule)]
    /// How to find plans, if the site lists any.
    public var plans: PlanRules?
    /// How to find alternatives (`name`, `starting_price`, `top_price` per row).
    public var alternatives: RowRules?
    /// Site-specific extra fields, by name.
    public var extras: [(name: String, rule: FieldRule)]
    /// Whether script and style text is read or left out when parsing the site's pages (`scripts:`).
    public var scripts: ScriptText = .auto
    /// How the site's pages are read (`render: browser`, `wait_for`, ...); targets may override each key.
    public var render = RenderSettings()

    /// The rule for a record-level field, if the site defines one.
    public func rule(_ name: String) -> FieldRule? {
        fields.first(where: { $0.name == name })?.rule
    }
}

extension SiteRules {
    static let recordFields: [String: FieldRule.ValueType] = [
        "vendor": .text, "last_verified": .date, "free_tier": .text, "price_range": .priceRange,
    ]

    static func parse(_ siteReader: YAMLReader, name: String) throws(ConfigurationError) -> SiteRules {
        var reader = siteReader
        if reader.node["vendor"] == nil { reader.vendorUnbound = "the site has no vendor rule" }
        let allowed =
            Array(recordFields.keys).sorted() + ["plans", "alternatives", "extras", "scripts"] + RenderSettings.keys
        let entries = try reader.mapping(allowed: allowed)
        var fields: [(name: String, rule: FieldRule)] = []
        for (key, entry) in entries {
            var value = entry
            if key == "vendor" { value.vendorUnbound = "the vendor rule cannot use it itself" }
            if let type = recordFields[key],
                let rule = try value.collecting({ () throws(ConfigurationError) in
                    try FieldRule.parse(value, defaultType: type, relative: false)
                })
            {
                fields.append((key, rule))
            }
        }
        let plans = try reader.optional("plans", in: entries).flatMap { reader throws(ConfigurationError) in
            try reader.collecting { () throws(ConfigurationError) in try PlanRules.parse(reader) }
        }
        let alternatives = try reader.optional("alternatives", in: entries).flatMap {
            reader throws(ConfigurationError) in
            try reader.collecting { () throws(ConfigurationError) in
                try RowRules.parse(
                    reader, fieldTypes: ["name": .text, "starting_price": .price, "top_price": .price],
                    requiredFields: ["name"])
            }
        }
        var extras: [(name: String, rule: FieldRule)] = []
        if let extrasReader = reader.optional("extras", in: entries) {
            for (key, value) in try extrasReader.mapping() {
                if let rule = try value.collecting({ () throws(ConfigurationError) in
                    try FieldRule.parse(value, defaultType: .text, relative: false)
                }) {
                    extras.append((key, rule))
                }
            }
        }
        let scripts: ScriptText = try reader.optional("scripts", in: entries)?.choice("scripts setting") ?? .auto
        var rules = SiteRules(
            name: name, fields: fields, plans: plans, alternatives: alternatives, extras: extras, scripts: scripts)
        rules.render = try RenderSettings.parse(entries)
        return rules
    }
}

extension PlanRules {
    static func parse(_ reader: YAMLReader) throws(ConfigurationError) -> PlanRules {
        let rows = try RowRules.parse(
            reader, fieldTypes: ["name": .text, "best_for": .text, "features": .list], requiredFields: ["name"],
            extraKeys: ["prices"])
        var prices: [(field: String, rule: FieldRule)] = []
        if let pricesReader = reader.optional("prices", in: try reader.mapping()) {
            for (key, value) in try pricesReader.mapping() {
                if let rule = try value.collecting({ () throws(ConfigurationError) in
                    try FieldRule.parse(value, defaultType: .price, relative: true)
                }) {
                    prices.append((key, rule))
                }
            }
        }
        return PlanRules(rows: rows, prices: prices)
    }
}

extension RowRules {
    static func parse(
        _ reader: YAMLReader, fieldTypes: [String: FieldRule.ValueType], requiredFields: Set<String>,
        extraKeys: [String] = []
    ) throws(ConfigurationError) -> RowRules {
        let entries = try reader.mapping(allowed: ["each", "required"] + fieldTypes.keys.sorted() + extraKeys)
        let eachReader = try reader.required("each", in: entries)
        let each = try FieldRule.parseSelector(eachReader, relative: false)
        guard let each else { throw eachReader.error("'each' needs an xpath or css selector for the repeated rows") }
        var fields: [(name: String, rule: FieldRule)] = []
        for (key, value) in entries {
            guard let type = fieldTypes[key],
                let rule = try value.collecting({ () throws(ConfigurationError) in
                    try FieldRule.parse(value, defaultType: type, relative: true)
                })
            else { continue }
            fields.append((key, rule))
        }
        // Present, not parsed: a rule that failed to parse was reported already.
        for name in requiredFields.sorted() where reader.optional(name, in: entries) == nil {
            throw reader.error("missing required key '\(name)'")
        }
        if let name = reader.optional("name", in: entries),
            fields.contains(where: { $0.name == "name" && $0.rule.byName != nil })
        {
            throw name.error("a row's name cannot be found by name: give 'name' a selector relative to the row")
        }
        let required = try reader.optional("required", in: entries)?.bool() ?? false
        return RowRules(each: each, fields: fields, required: required, origin: ruleOrigin(of: reader))
    }
}

extension FieldRule {
    static let keys = ["xpath", "css", "value", "column", "by_name", "attribute", "regex", "type", "required"]

    static func parse(_ reader: YAMLReader, defaultType: ValueType, relative: Bool) throws(ConfigurationError)
        -> FieldRule
    {
        try reader.expectRule()
        let entries = try reader.mapping(allowed: keys)
        let selector = try parseSelector(reader, relative: relative)
        let constant = try reader.optional("value", in: entries)?.string()
        let columnReader = reader.optional("column", in: entries)
        let column = try columnReader?.nonEmptyString().collapsingWhitespace
        guard [selector != nil, constant != nil, column != nil].filter({ $0 }).count == 1 else {
            throw reader.error("give exactly one of 'xpath', 'css', 'value' or 'column'")
        }
        if let columnReader, !relative {
            throw columnReader.error("'column' reads a cell of a table row: use it inside 'plans' or 'alternatives'")
        }
        let byName = try parseByName(reader.optional("by_name", in: entries), relative: relative, selector: selector)
        let attribute = try reader.optional("attribute", in: entries)?.nonEmptyString()
        let pattern = try reader.optional("regex", in: entries)?.nonEmptyString()
        if let pattern, let patternReader = reader.optional("regex", in: entries) {
            do {
                _ = try Regex(pattern)
            } catch {
                throw patternReader.error("invalid regular expression \"\(pattern)\": \(error)")
            }
        }
        let type: ValueType = try reader.optional("type", in: entries)?.choice("type") ?? defaultType
        let required = try reader.optional("required", in: entries)?.bool() ?? false
        return FieldRule(
            selector: selector, column: column, byName: byName, constant: constant, attribute: attribute,
            pattern: pattern, type: type, required: required, origin: ruleOrigin(of: reader))
    }

    /// Reads a rule's `by_name` selector, which is evaluated once per page and joins what it finds to rows by
    /// their names.
    private static func parseByName(_ reader: YAMLReader?, relative: Bool, selector: Selector?)
        throws(ConfigurationError) -> Selector?
    {
        guard let reader else { return nil }
        guard relative else {
            throw reader.error(
                "'by_name' finds a row's data elsewhere on the page by the row's name: use it inside 'plans' or"
                    + " 'alternatives'")
        }
        guard selector != nil else {
            throw reader.error("'by_name' needs the rule's 'xpath' or 'css', evaluated from each named element")
        }
        guard let byName = try parseSelector(reader, relative: false) else {
            throw reader.error("'by_name' needs an xpath or css selector for the elements that carry row names")
        }
        guard !byName.xpath.contains("$plan") else {
            throw reader.error(
                "'by_name' is evaluated once per page, so it cannot use $plan; each element's text is matched to the"
                    + " row's name")
        }
        return byName
    }

    /// Reads the `xpath` or `css` key of a rule, compiling CSS; nil when the rule has neither.
    static func parseSelector(_ reader: YAMLReader, relative: Bool) throws(ConfigurationError) -> Selector? {
        try reader.expectRule()
        let entries = try reader.mapping()
        let xpath = reader.optional("xpath", in: entries)
        let css = reader.optional("css", in: entries)
        if xpath != nil && css != nil { throw reader.error("give either 'xpath' or 'css', not both") }
        guard let selectorReader = xpath ?? css else { return nil }
        let source = try selectorReader.nonEmptyString()
        let selector: Selector
        do {
            selector = try Selector(language: xpath != nil ? .xpath : .css, source: source, relative: relative)
        } catch {
            throw selectorReader.error("\(error)")
        }
        try selectorReader.checkNames(of: selector)
        return selector
    }
}

private func ruleOrigin(of reader: YAMLReader) -> String {
    let location = reader.line.map { "\(reader.file):\($0)" } ?? reader.file
    return "\(location) \(reader.path)"
}
