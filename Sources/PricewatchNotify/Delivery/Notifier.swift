import Foundation
import PricewatchCore
import PricewatchFetch

/// Sends a run's alerts along the configured routes: outbox first, then the new alerts, each kept
/// in the outbox until a webhook answers 2xx.
///
///     let notifier = Notifier(settings: config.notify, tags: tagsByID, fetcher: fetcher, outbox: outbox)
///     let summary = await notifier.deliver(report)
public struct Notifier: Sendable {
    /// What one delivery pass achieved.
    public struct Summary: Sendable, Hashable {
        /// Alerts accepted by their webhook (outbox entries included).
        public var delivered = 0
        /// Alerts left in the outbox for the next run.
        public var queued = 0
        /// Why some were not delivered; URLs are never part of these messages.
        public var errors: [NotifyError] = []

        /// A summary with the given counts and errors.
        public init(delivered: Int = 0, queued: Int = 0, errors: [NotifyError] = []) {
            self.delivered = delivered
            self.queued = queued
            self.errors = errors
        }
    }

    private let settings: NotifySettings
    private let tags: [String: [String]]
    private let environment: [String: String]
    private let fetcher: Fetcher
    let outbox: Outbox
    private let slack: SlackMessageBuilder
    let now: @Sendable () -> Date

    /// A notifier.
    ///
    /// - Parameters:
    ///   - settings: the routes from `selectors.yml`.
    ///   - tags: each target id's tags, for tag-based routes.
    ///   - environment: where URLs and secrets are looked up (the process environment by default).
    ///   - fetcher: sends the requests, with its retries on network errors, 5xx and 429.
    ///   - outbox: keeps what could not be delivered.
    ///   - slack: builds Slack messages (its limits decide the splitting).
    ///   - now: the clock, for signature timestamps and outbox file names.
    public init(
        settings: NotifySettings, tags: [String: [String]],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        fetcher: Fetcher, outbox: Outbox, slack: SlackMessageBuilder = SlackMessageBuilder(),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.settings = settings
        self.tags = tags
        self.environment = environment
        self.fetcher = fetcher
        self.outbox = outbox
        self.slack = slack
        self.now = now
    }

    /// The alerts a report produces on every route, without sending anything (`--dry-run` prints
    /// their bodies). Empty when nothing changed or failed.
    ///
    /// - Throws: ``NotifyError`` if a document cannot be encoded.
    public func alerts(for report: Report) throws(NotifyError) -> [Alert] {
        var alerts: [Alert] = []
        for route in settings.routes {
            let filtered = route.filter(report, tags: tags)
            guard !filtered.targets.isEmpty else { continue }
            switch route.destination {
            case .slack(let variable):
                for message in slack.messages(for: filtered) {
                    alerts.append(
                        Alert(route: route.name, format: .slack, urlVariable: variable, body: try Self.json(message)))
                }
            case .webhook(let variable, let secret):
                alerts.append(
                    Alert(
                        route: route.name, format: .report, urlVariable: variable, secretVariable: secret,
                        body: try Self.json(filtered)))
            }
        }
        return alerts
    }

    /// Sends what the outbox holds from earlier runs, then the report's alerts (each stored in the outbox
    /// first); whatever fails after the fetcher's retries stays in the outbox for the next run.
    public func deliver(_ report: Report) async -> Summary {
        var queueingError: NotifyError?
        do {
            for alert in try alerts(for: report) { _ = try outbox.add(alert, at: now()) }
        } catch {
            queueingError = error
        }
        var summary = await flushOutbox()
        if let queueingError { summary.errors.append(queueingError) }
        return summary
    }

    /// Sends a test message to every configured destination right away (`pricewatch notify --test`);
    /// nothing goes to the outbox.
    ///
    /// - Throws: ``NotifyError`` for the first destination that is not configured or does not accept it.
    public func sendTestMessage() async throws(NotifyError) {
        guard !settings.routes.isEmpty else {
            throw NotifyError(
                "no alert destinations: add notify.slack, notify.webhook or notify.rules to selectors.yml")
        }
        let stamp = Timestamp.string(from: now())
        for route in settings.routes {
            let body: String
            let format: Alert.Format
            switch route.destination {
            case .slack:
                (format, body) = (.slack, try Self.json(slack.testMessage(at: stamp)))
            case .webhook:
                (format, body) = (.report, try Self.json(Report(startedAt: stamp, finishedAt: stamp, targets: [])))
            }
            let secret: String? = if case .webhook(_, let secret) = route.destination { secret } else { nil }
            let alert = Alert(
                route: route.name, format: format, urlVariable: route.destination.urlVariable, secretVariable: secret,
                body: body)
            try await post(alert, deliveryID: "test-\(stamp)")
        }
    }

    /// POSTs one alert, signed when its route has a secret.
    func post(_ alert: Alert, deliveryID: String) async throws(NotifyError) {
        let url = try value(of: alert.urlVariable, purpose: "the webhook URL of route '\(alert.route)'")
        let body = Array(alert.body.utf8)
        var headers = [
            HTTPHeader(name: "Content-Type", value: "application/json; charset=utf-8"),
            HTTPHeader(name: "X-Pricewatch-Delivery", value: deliveryID),
        ]
        if let secretVariable = alert.secretVariable {
            let secret = try value(of: secretVariable, purpose: "the signing secret of route '\(alert.route)'")
            headers += WebhookSigner(secret: secret).headers(for: body, timestamp: Int(now().timeIntervalSince1970))
        }
        var request = FetchRequest(
            id: "notify/\(alert.route)", url: url, method: "POST", headers: headers, body: body, redactsURL: true)
        // Resending is safe enough: the delivery id lets receivers drop a duplicate, and a lost alert is worse.
        request.declaredIdempotent = true
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            throw NotifyError(
                "alert for route '\(alert.route)' (URL from \(alert.urlVariable)) was not delivered: \(error)")
        }
        guard (200..<300).contains(response.status) else {
            throw NotifyError(
                "alert for route '\(alert.route)' (URL from \(alert.urlVariable)) got HTTP \(response.status) instead of 2xx; check the webhook URL"
            )
        }
    }

    private func value(of variable: String, purpose: String) throws(NotifyError) -> String {
        guard let value = environment[variable], !value.isEmpty else {
            throw NotifyError(
                "environment variable \(variable) is not set; export it with \(purpose), or remove the route from selectors.yml"
            )
        }
        return value
    }

    private static func json(_ value: some Encodable) throws(NotifyError) -> String {
        do {
            return String(decoding: try PricewatchJSON.encode(value, pretty: false).dropLast(), as: UTF8.self)
        } catch {
            throw NotifyError("cannot encode the alert as JSON: \(error)")
        }
    }
}
