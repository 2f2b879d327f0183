import PricewatchCore

/// One message ready to send: its body and the route that says where it goes.
///
/// This is also what the outbox stores, so it holds the names of the environment variables with the URL
/// and secret, never their values.
public struct Alert: Sendable, Hashable, Codable {
    /// What the body is, which decides how it is sent.
    public enum Format: String, Sendable, Hashable, Codable {
        /// A Slack Block Kit message.
        case slack
        /// A `pricewatch.report/1` document for a generic webhook (signed when a secret is configured).
        case report
    }

    /// The route's name, for messages.
    public var route: String
    /// What the body is.
    public var format: Format
    /// The environment variable holding the destination URL.
    public var urlVariable: String
    /// The environment variable holding the signing secret, for signed webhooks.
    public var secretVariable: String?
    /// The exact JSON text to POST.
    public var body: String

    /// An alert for a route's destination.
    public init(route: String, format: Format, urlVariable: String, secretVariable: String? = nil, body: String) {
        self.route = route
        self.format = format
        self.urlVariable = urlVariable
        self.secretVariable = secretVariable
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case route, format, body
        case urlVariable = "url_env"
        case secretVariable = "secret_env"
    }
}

/// Why alerts could not be built or delivered, with what to do about it. Never contains a URL.
public struct NotifyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and how to fix it.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
