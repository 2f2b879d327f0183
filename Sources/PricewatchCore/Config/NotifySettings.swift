import Foundation

/// The `notify:` section of `selectors.yml`: where alerts go and which changes each destination wants.
///
/// Webhook URLs are secrets, so the file only names the environment variables that hold them.
public struct NotifySettings: Sendable, Hashable {
    /// Every destination with its filter, in file order: `slack`, then `webhook`, then each rule.
    public var routes: [NotifyRoute]

    /// Settings with the given routes (none: nothing is sent).
    public init(routes: [NotifyRoute] = []) {
        self.routes = routes
    }

    /// The environment variable read for the Slack webhook URL when `webhook_env` is not given.
    public static let defaultSlackEnvironmentVariable = "SLACK_WEBHOOK_URL"
    /// The environment variable read for the generic webhook URL when `url_env` is not given.
    public static let defaultWebhookEnvironmentVariable = "PRICEWATCH_WEBHOOK_URL"

    /// Reads the `notify:` mapping.
    ///
    /// - Throws: ``ConfigurationError`` naming the line and key of an unknown key, a bad variable name, an
    ///   unknown change kind or a rule without exactly one destination.
    static func parse(_ reader: YAMLReader) throws(ConfigurationError) -> NotifySettings {
        let entries = try reader.mapping(allowed: ["slack", "webhook", "rules"])
        var routes: [NotifyRoute] = []
        if let slack = reader.optional("slack", in: entries) {
            let slackEntries = try slack.mapping(allowed: ["webhook_env"])
            let variable = try slack.optional("webhook_env", in: slackEntries)?.environmentVariableName()
            routes.append(
                NotifyRoute(
                    name: "slack", destination: .slack(urlVariable: variable ?? defaultSlackEnvironmentVariable)))
        }
        if let webhook = reader.optional("webhook", in: entries) {
            let hookEntries = try webhook.mapping(allowed: ["url_env", "secret_env"])
            let variable = try webhook.optional("url_env", in: hookEntries)?.environmentVariableName()
            let secret = try webhook.optional("secret_env", in: hookEntries)?.environmentVariableName()
            routes.append(
                NotifyRoute(
                    name: "webhook",
                    destination: .webhook(
                        urlVariable: variable ?? defaultWebhookEnvironmentVariable, secretVariable: secret)))
        }
        var names = Set(routes.map(\.name))
        for ruleReader in try reader.optional("rules", in: entries)?.sequence() ?? [] {
            let rule = try NotifyRoute.parse(ruleReader)
            guard names.insert(rule.name).inserted else {
                throw ruleReader.error("duplicate rule name '\(rule.name)'; give each rule its own name")
            }
            routes.append(rule)
        }
        return NotifySettings(routes: routes)
    }
}

/// One alert destination and the part of a run's changes it receives.
public struct NotifyRoute: Sendable, Hashable {
    /// Where a route's messages go. Only environment variable names are stored, never URLs.
    public enum Destination: Sendable, Hashable {
        /// A Slack incoming webhook whose URL is in `urlVariable`.
        case slack(urlVariable: String)
        /// A generic JSON webhook; deliveries are signed when `secretVariable` is set.
        case webhook(urlVariable: String, secretVariable: String?)

        /// The environment variable holding the destination URL.
        public var urlVariable: String {
            switch self {
            case .slack(let variable), .webhook(let variable, _): variable
            }
        }
    }

    /// The rule's name (`slack` and `webhook` for the two default sections), shown in messages.
    public var name: String
    /// Where the messages go.
    public var destination: Destination
    /// Target ids or `*` globs (`costbench/*`) the route covers; empty: every target.
    public var targets: [String]
    /// Tags of which a target needs at least one; empty: any target.
    public var tags: [String]
    /// The change kinds delivered.
    public var kinds: Set<Change.Kind>
    /// Price changes with a smaller absolute percentage are left out; nil: all.
    public var minChangePercent: Decimal?

    /// A route; by default it takes every change of every target.
    public init(
        name: String, destination: Destination, targets: [String] = [], tags: [String] = [],
        kinds: Set<Change.Kind> = Set(Change.Kind.allCases), minChangePercent: Decimal? = nil
    ) {
        self.name = name
        self.destination = destination
        self.targets = targets
        self.tags = tags
        self.kinds = kinds
        self.minChangePercent = minChangePercent
    }

    /// The shorthands accepted in `kinds:` besides the change kinds themselves.
    public static let kindShorthands: [String: Set<Change.Kind>] = [
        "all": Set(Change.Kind.allCases),
        "prices": [.priceChanged, .planAdded, .planRemoved],
        "features": [.featureAdded, .featureRemoved],
        "failures": [.extractionFailed, .fetchFailed],
    ]

    static func parse(_ reader: YAMLReader) throws(ConfigurationError) -> NotifyRoute {
        let entries = try reader.mapping(allowed: [
            "name", "slack_env", "webhook_env", "secret_env", "targets", "tags", "kinds", "min_change_pct",
        ])
        let name = try reader.required("name", in: entries).nonEmptyString()
        let slack = try reader.optional("slack_env", in: entries)?.environmentVariableName()
        let webhook = try reader.optional("webhook_env", in: entries)?.environmentVariableName()
        let secret = try reader.optional("secret_env", in: entries)?.environmentVariableName()
        let destination: Destination
        switch (slack, webhook) {
        case (let slack?, nil):
            if secret != nil { throw reader.error("secret_env only applies to webhook_env rules; remove it") }
            destination = .slack(urlVariable: slack)
        case (nil, let webhook?):
            destination = .webhook(urlVariable: webhook, secretVariable: secret)
        default:
            throw reader.error(
                "rule '\(name)' needs exactly one of slack_env or webhook_env (the variable holding the URL)")
        }
        var kinds: Set<Change.Kind> = []
        if let kindsReader = reader.optional("kinds", in: entries) {
            for item in try kindsReader.stringList() {
                if let kind = Change.Kind(rawValue: item) {
                    kinds.insert(kind)
                } else if let group = kindShorthands[item] {
                    kinds.formUnion(group)
                } else {
                    let known = Change.Kind.allCases.map(\.rawValue) + kindShorthands.keys.sorted()
                    throw kindsReader.error(
                        "unknown change kind '\(item)'; use one of: \(known.joined(separator: ", "))")
                }
            }
        } else {
            kinds = Set(Change.Kind.allCases)
        }
        let minChange = try reader.optional("min_change_pct", in: entries)?.number(in: 0...1000)
        return NotifyRoute(
            name: name, destination: destination,
            targets: try reader.optional("targets", in: entries)?.stringList() ?? [],
            tags: try reader.optional("tags", in: entries)?.stringList() ?? [], kinds: kinds,
            minChangePercent: minChange.map { Decimal($0) })
    }
}

extension YAMLReader {
    /// A POSIX-style environment variable name (`SLACK_WEBHOOK_URL`), rejecting pasted URLs.
    func environmentVariableName() throws(ConfigurationError) -> String {
        let name = try nonEmptyString()
        let isName =
            name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard isName else {
            // Never echo the value: it may be a pasted secret URL.
            throw error(
                "expected the name of an environment variable (such as SLACK_WEBHOOK_URL), not a URL or other text; put the URL itself in that variable"
            )
        }
        return name
    }
}
