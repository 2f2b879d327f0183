import Yams

/// How a page is read: fetched as served (`render: http`, the default) or rendered in headless Chromium
/// (`render: browser`), with what to wait for. Written on a site or a target; a target's keys win.
public struct RenderSettings: Sendable, Hashable {
    /// Fetched by libcurl or rendered by a browser.
    public enum Mode: String, Sendable, CaseIterable {
        case http, browser
    }

    /// What a rendered page waits for before its DOM is taken, besides `wait_for`.
    public enum Wait: String, Sendable, CaseIterable {
        /// The `load` event only.
        case load
        /// The `load` event, then no request in flight for 500 ms (the default: shells fetch after load).
        case networkIdle = "network_idle"
    }

    /// `render`; nil when not written.
    public var mode: Mode?
    /// `wait_for`: a selector that must match before the DOM is taken.
    public var waitFor: Selector?
    /// `wait`.
    public var wait: Wait?
    /// `render_timeout` in seconds.
    public var timeout: Double?

    /// No keys written.
    public init(mode: Mode? = nil, waitFor: Selector? = nil, wait: Wait? = nil, timeout: Double? = nil) {
        self.mode = mode
        self.waitFor = waitFor
        self.wait = wait
        self.timeout = timeout
    }

    /// The keys these settings are read from, on a site or a target.
    static let keys = ["render", "wait_for", "wait", "render_timeout"]

    /// The seconds a page may take to render when `render_timeout` is not written.
    public static let defaultTimeout: Double = 30

    /// Whether the page is rendered in a browser.
    public var rendersInBrowser: Bool { mode == .browser }
    /// `wait`, or its default.
    public var resolvedWait: Wait { wait ?? .networkIdle }
    /// `render_timeout`, or its default.
    public var resolvedTimeout: Double { timeout ?? Self.defaultTimeout }

    /// These settings with every key `other` writes taken from `other`.
    public func overridden(by other: RenderSettings) -> RenderSettings {
        RenderSettings(
            mode: other.mode ?? mode, waitFor: other.waitFor ?? waitFor, wait: other.wait ?? wait,
            timeout: other.timeout ?? timeout)
    }

    static func parse(_ entries: [(key: String, value: YAMLReader)]) throws(ConfigurationError) -> RenderSettings {
        var settings = RenderSettings()
        for (key, value) in entries {
            switch key {
            case "render": settings.mode = try value.choice("render mode")
            case "wait": settings.wait = try value.choice("wait condition")
            case "render_timeout": settings.timeout = try value.number(in: 0.1...3600)
            case "wait_for": settings.waitFor = try parseSelector(value)
            default: break
            }
        }
        return settings
    }

    /// `wait_for: {css: ...}`, `wait_for: {xpath: ...}`, or a plain string, read as CSS.
    private static func parseSelector(_ reader: YAMLReader) throws(ConfigurationError) -> Selector {
        let language: Selector.Language
        let source: String
        if case .scalar = reader.node {
            (language, source) = (.css, try reader.nonEmptyString())
        } else {
            let entries = try reader.mapping(allowed: ["css", "xpath"])
            guard entries.count == 1, let entry = entries.first else {
                throw reader.error("write exactly one of css or xpath, e.g. wait_for: {css: \"#plans .plan\"}")
            }
            (language, source) = (entry.key == "css" ? .css : .xpath, try entry.value.nonEmptyString())
        }
        do {
            return try Selector(language: language, source: source, relative: false)
        } catch {
            throw reader.error("invalid \(language.rawValue) selector '\(source)': \(error)")
        }
    }
}

/// Run-wide browser settings from `defaults.render` in `selectors.yml`.
public struct RenderDefaults: Sendable, Hashable {
    /// Tabs rendering at once (`max_tabs`).
    public var maxTabs = 4
    /// The Chromium binary (`browser`); nil to use `PRICEWATCH_CHROMIUM` or look on `PATH`.
    public var browser: String?

    /// The defaults.
    public init() {}

    static func parse(_ reader: YAMLReader) throws(ConfigurationError) -> RenderDefaults {
        var defaults = RenderDefaults()
        for (key, value) in try reader.mapping(allowed: ["max_tabs", "browser"]) {
            switch key {
            case "max_tabs": defaults.maxTabs = Int(try value.number(in: 1...64))
            default: defaults.browser = try value.nonEmptyString()
            }
        }
        return defaults
    }
}
