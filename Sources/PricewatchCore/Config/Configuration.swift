import Foundation

/// The contents of `selectors.yml`: per-site extraction rules, the targets to watch, and run defaults.
public struct Configuration: Sendable {
    /// The file the configuration was read from, for messages.
    public var file: String
    /// Extraction rules by site name.
    public var sites: [String: SiteRules]
    /// The pages to watch, in file order.
    public var targets: TargetList
    /// Fetch limits applied to every run unless flags override them.
    public var fetch: FetchSettings
    /// Where alerts go (`notify:`); no routes when the section is absent.
    public var notify = NotifySettings()
    /// Browser settings for `render: browser` targets (`defaults.render`).
    public var render = RenderDefaults()
    /// Where records are kept (`store:`); nil: the snapshot folder, unless `--store` or `PRICEWATCH_STORE` say.
    public var store: StoreSettings?

    /// Reads and validates a configuration file.
    ///
    /// - Throws: ``ConfigurationError`` naming the file, line and key at fault.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        // Read in a function of its own so that the bytes (11 MB for 100,000 targets) are freed before the
        // text is parsed.
        try parse(yaml: text(of: path), file: path)
    }

    private static func text(of path: String) throws(ConfigurationError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(
                file: path, line: nil, key: "",
                problem: "cannot read the file (\(error.localizedDescription)); pass --config PATH to choose another")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: path, line: nil, key: "", problem: "the file is not UTF-8 text")
        }
        return text
    }

    /// Parses configuration text; `file` is only used in messages.
    public static func parse(yaml: String, file: String = "selectors.yml") throws(ConfigurationError)
        -> Configuration
    {
        try parse(yaml: yaml, file: file, targetsOneByOne: true)
    }

    /// ``parse(yaml:file:)``, reading the target list item by item when its layout allows (`targetsOneByOne`),
    /// else the whole document as one tree; the result and errors are the same either way.
    package static func parse(yaml: String, file: String, targetsOneByOne: Bool) throws(ConfigurationError)
        -> Configuration
    {
        // Any error is left to the whole document's reading, which reports what it reports first: a syntax
        // error in an item before a problem in `sites:` (found by fuzzing).
        if targetsOneByOne, let list = TargetListText(yaml), let root = try? YAMLReader.load(list.rest, file: file),
            let configuration = try? parse(root, targetList: list)
        {
            return configuration
        }
        return try parse(YAMLReader.load(yaml, file: file), targetList: nil)!
    }

    /// Reads a composed document; with `targetList`, the `targets:` items come from its text one at a time,
    /// and nil means one of them (or the `targets: []` left in their place) did not compose as expected.
    private static func parse(_ root: YAMLReader, targetList: TargetListText?) throws(ConfigurationError)
        -> Configuration?
    {
        let file = root.file
        let entries = try root.mapping(allowed: ["defaults", "sites", "targets", "notify", "store"])
        let targetsReader = root.optional("targets", in: entries)
        if targetList != nil {
            guard let targetsReader, case .sequence(let placeholder) = targetsReader.node, placeholder.isEmpty,
                targetsReader.line == targetList?.keyLine
            else { return nil }
        }
        var sites: [String: SiteRules] = [:]
        // A file of `auto` targets alone needs no rules.
        let sitesReader = root.optional("sites", in: entries)
        // Every site, key and target is checked even after a problem, so all of them are reported at once.
        for (name, reader) in try sitesReader?.mapping() ?? [] {
            // A site that failed stays known by name, so its targets are not also reported as naming no site.
            sites[name] =
                try reader.collecting { () throws(ConfigurationError) in
                    guard name != Target.autoSite else {
                        throw reader.error(
                            "'\(Target.autoSite)' is reserved for targets read without rules; rename the site")
                    }
                    return try SiteRules.parse(reader, name: name)
                } ?? SiteRules(name: name, fields: [], plans: nil, alternatives: nil, extras: [])
        }
        var fetch = FetchSettings()
        var render = RenderDefaults()
        if let defaults = root.optional("defaults", in: entries) {
            let defaultEntries = try defaults.mapping(allowed: ["fetch", "render"])
            if let fetchReader = defaults.optional("fetch", in: defaultEntries) {
                fetch = try FetchSettings.parse(fetchReader)
            }
            if let renderReader = defaults.optional("render", in: defaultEntries) {
                render = try RenderDefaults.parse(renderReader)
            }
        }
        var targets = TargetList()
        // Keyed by the lower-cased id: ids differing only in case name the same folder on a case-insensitive
        // file system (macOS, Windows, some network shares), where two targets would overwrite each other.
        var seen = TargetIDsSeen()
        var treeItems: [YAMLReader]?
        if targetList == nil, let targetsReader { treeItems = try targetsReader.sequence() }
        for index in 0..<(targetList?.items.count ?? treeItems?.count ?? 0) {
            // Composed here and dropped after this pass: one item's nodes at a time.
            guard
                let reader = treeItems?[index] ?? targetList.flatMap({ root.targetItem($0.items[index], index: index) })
            else { return nil }
            guard
                let target = try reader.collecting({ () throws(ConfigurationError) in
                    try Target.parse(reader, sites: sites)
                })
            else { continue }
            if let first = seen.earlier(than: target.id, line: reader.line, in: targets) {
                let previous = first.line.map { " (first at line \($0))" } ?? ""
                let sameID = first.id == target.id ? "'\(target.id)'" : "'\(target.id)' and '\(first.id)'"
                let duplicate = reader.error(
                    "duplicate target id \(sameID)\(previous); ids must be unique, and not differ only in case")
                guard let problems = reader.problems else { throw duplicate }
                problems.record(duplicate)
                continue
            }
            targets.append(target)
        }
        var configuration = Configuration(file: file, sites: sites, targets: targets, fetch: fetch)
        configuration.render = render
        if let notify = root.optional("notify", in: entries),
            let settings = try notify.collecting({ () throws(ConfigurationError) in try NotifySettings.parse(notify) })
        {
            configuration.notify = settings
        }
        if let store = root.optional("store", in: entries) {
            configuration.store = try store.collecting { () throws(ConfigurationError) in try StoreSettings.parse(store)
            }
        }
        try root.problems?.throwIfAny()
        return configuration
    }

    /// The rules for a site, or an error listing the sites that exist.
    public func site(named name: String) throws(ConfigurationError) -> SiteRules {
        guard let site = sites[name] else {
            let known = sites.keys.sorted().joined(separator: ", ")
            throw ConfigurationError(
                file: file, line: nil, key: "sites", problem: "no site named '\(name)'; known sites: \(known)")
        }
        return site
    }

    /// How a target's page is read: its site's render settings with the target's own keys on top.
    public func renderSettings(for target: Target) -> RenderSettings {
        (sites[target.site]?.render ?? RenderSettings()).overridden(by: target.render)
    }

    /// The target with an id, or an error listing close matches.
    public func target(id: String) throws(ConfigurationError) -> Target {
        guard let target = targets.first(where: { $0.id == id }) else {
            let known = targets.map(\.id).filter { $0.contains(id) || id.contains($0) }
            let hint =
                known.isEmpty
                ? "the targets are listed under 'targets:' in \(file)"
                : "did you mean \(known.joined(separator: ", "))?"
            throw ConfigurationError(file: file, line: nil, key: "targets", problem: "no target '\(id)'; \(hint)")
        }
        return target
    }
}

/// A page to watch.
public struct Target: Sendable, Hashable {
    /// A stable id such as `costbench/kling-api`; it names the snapshot folder.
    public var id: String
    /// The site whose rules apply.
    public var site: String
    /// The page's URL (`http` or `https`).
    public var url: String
    /// Free-form labels used to route alerts.
    public var tags: [String]
    /// Price changes smaller than this percentage are not reported.
    public var minChangePercent: Decimal?
    /// Record fields whose changes are not reported (`free_tier`, `alternatives`, ...).
    public var ignoredFields: [String]
    /// The target's own `render`, `wait_for`, `wait` and `render_timeout` keys.
    public var render = RenderSettings()
    /// Header fields sent with the page's requests, over those of `defaults.fetch.headers`.
    public var headers: [HeaderSetting] = []

    /// Creates a target.
    public init(
        id: String, site: String, url: String, tags: [String] = [], minChangePercent: Decimal? = nil,
        ignoredFields: [String] = []
    ) {
        self.id = id
        self.site = site
        self.url = url
        self.tags = tags
        self.minChangePercent = minChangePercent
        self.ignoredFields = ignoredFields
    }

    /// The `site` of targets read without rules (`site: auto` or `extract: auto`); no site may take this name.
    public static let autoSite = "auto"

    /// Whether the page is read without rules, by zero-config reading.
    public var usesAutoExtraction: Bool { site == Target.autoSite }

    /// Whether an id is safe as a snapshot path: lower-case words joined by `-`, `_`, `.` and one level of `/`.
    public static func isValidID(_ id: String) -> Bool {
        // Read as bytes: every allowed character is ASCII, and a thousand targets' ids are checked at start-up.
        let parts = id.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return (1...3).contains(parts.count)
            && parts.allSatisfy { part in
                // Not empty, and not starting with a dot (which also rules out "." and "..").
                guard let first = part.first, first != UInt8(ascii: ".") else { return false }
                return part.allSatisfy(isIDByte)
            }
    }

    /// ASCII letters, digits, `-`, `_` and `.`.
    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    static func parse(_ reader: YAMLReader, sites: [String: SiteRules]) throws(ConfigurationError) -> Target {
        let entries = try reader.mapping(
            allowed: ["id", "site", "extract", "url", "tags", "min_change_pct", "ignore", "headers"]
                + RenderSettings.keys)
        let idReader = try reader.required("id", in: entries)
        let id = try idReader.nonEmptyString()
        guard isValidID(id) else {
            throw idReader.error(
                "'\(id)' is not a valid id; use letters, digits, '-', '_' and '/', e.g. costbench/kling-api")
        }
        // The snapshot folder's own rules: no segment named like the files it holds, no over-long id.
        if let problem = TargetPaths.problem(with: id) {
            throw idReader.error("'\(id)' cannot name a snapshot folder: \(problem); choose another id")
        }
        let site: String
        let siteReader = reader.optional("site", in: entries)
        if let extractReader = reader.optional("extract", in: entries) {
            // `extract: auto` is the same as `site: auto`, for files that read better that way.
            guard try extractReader.nonEmptyString() == Target.autoSite else {
                throw extractReader.error("'extract' takes only 'auto' (read the page without rules)")
            }
            if let siteReader, try siteReader.nonEmptyString() != Target.autoSite {
                throw siteReader.error("give either 'site' with rules or 'extract: auto', not both")
            }
            site = Target.autoSite
        } else {
            guard let siteReader else {
                throw reader.error(
                    "missing required key 'site'; name a site under 'sites:', or write 'site: auto' to read the page"
                        + " without rules")
            }
            site = try siteReader.nonEmptyString()
        }
        if site != Target.autoSite, sites[site] == nil {
            throw (siteReader ?? reader).error(
                "unknown site '\(site)'; define it under 'sites:' (known: \(sites.keys.sorted().joined(separator: ", ")))"
                    + " or write 'site: auto' to read the page without rules")
        }
        let url = try reader.required("url", in: entries).targetURL()
        let tags = try reader.optional("tags", in: entries)?.stringList() ?? []
        let minChange = try reader.optional("min_change_pct", in: entries)?.number(in: 0...1000)
        let ignored = try reader.optional("ignore", in: entries)?.ignoredFieldNames(site: sites[site]) ?? []
        var target = Target(
            id: id, site: site, url: url, tags: tags, minChangePercent: minChange.map { Decimal($0) },
            ignoredFields: ignored)
        target.render = try RenderSettings.parse(entries)
        target.headers = try reader.optional("headers", in: entries)?.headerSettings() ?? []
        return target
    }
}

/// Fetch limits from `defaults.fetch` in `selectors.yml`.
public struct FetchSettings: Sendable, Hashable {
    /// Transfers in flight at once.
    public var maxConcurrent = 16
    /// Transfers in flight at once to one host.
    public var maxPerHost = 2
    /// Pause between two requests to the same host, in seconds.
    public var perHostDelay: Double = 0
    /// Seconds allowed to connect.
    public var connectTimeout: Double = 10
    /// Seconds allowed for a whole transfer.
    public var timeout: Double = 30
    /// Attempts per page, retries included.
    public var maxAttempts = 3
    /// Redirects followed at most.
    public var maxRedirects = 5
    /// Largest page accepted, in bytes.
    public var maxBodyBytes = 10 * 1024 * 1024
    /// The `User-Agent` header, nil for pricewatch's default.
    public var userAgent: String?
    /// Header fields sent with every target's requests (`headers:`); a target's own override them by name.
    public var headers: [HeaderSetting] = []

    /// The defaults.
    public init() {}

    static func parse(_ reader: YAMLReader) throws(ConfigurationError) -> FetchSettings {
        var settings = FetchSettings()
        let keys = [
            "max_concurrent", "max_per_host", "per_host_delay", "connect_timeout", "timeout", "max_attempts",
            "max_redirects", "max_body_mb", "user_agent", "headers",
        ]
        for (key, value) in try reader.mapping(allowed: keys) {
            _ = try value.collecting { () throws(ConfigurationError) in
                switch key {
                case "max_concurrent": settings.maxConcurrent = try value.integer(in: 1...256)
                case "max_per_host": settings.maxPerHost = try value.integer(in: 1...64)
                case "per_host_delay": settings.perHostDelay = try value.number(in: 0...60)
                case "connect_timeout": settings.connectTimeout = try value.number(in: 0.1...300)
                case "timeout": settings.timeout = try value.number(in: 0.1...3600)
                case "max_attempts": settings.maxAttempts = try value.integer(in: 1...10)
                case "max_redirects": settings.maxRedirects = try value.integer(in: 0...50)
                case "max_body_mb": settings.maxBodyBytes = Int(try value.number(in: 0.001...1024) * 1024 * 1024)
                case "headers": settings.headers = try value.headerSettings()
                default: settings.userAgent = try value.nonEmptyString()
                }
            }
        }
        return settings
    }
}
