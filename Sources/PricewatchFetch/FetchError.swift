/// Why a transfer failed, with the request, the URL (redacted when asked) and what to do about it.
public struct FetchError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for callers that react differently (skip a target, keep its last snapshot, ...).
    public enum Kind: Sendable, Equatable {
        /// The URL could not be parsed or has no host.
        case invalidURL
        /// The URL, or a redirect, uses a scheme other than http or https.
        case disallowedProtocol
        /// The host name could not be resolved.
        case dnsFailure
        /// Nothing accepted the connection.
        case connectionRefused
        /// Connecting or the whole transfer took longer than its timeout.
        case timeout
        /// The server sent data slower than the low-speed limit for too long.
        case tooSlow
        /// The TLS handshake or certificate verification failed.
        case tls
        /// More redirects than `maxRedirects`.
        case tooManyRedirects
        /// The decoded body exceeded `limit` bytes.
        case bodyTooLarge(limit: Int)
        /// The server answered with an error status (4xx or 5xx).
        case httpStatus(Int)
        /// The connection broke mid-transfer (reset, closed early, nothing received).
        case connectionReset
        /// Another network or protocol failure; `detail` has libcurl's explanation.
        case network
        /// The task was cancelled (Ctrl-C or a cancelled run).
        case cancelled
    }

    /// What went wrong.
    public let kind: Kind
    /// The id of the failed `FetchRequest`.
    public let requestID: String
    /// The request URL as it may be shown (see `FetchRequest.redactsURL`).
    public let url: String
    /// How many attempts were made before giving up (0 when the request was rejected before any).
    public let attempts: Int
    /// The specific explanation: libcurl's message, or the start of an error response's body; URL credentials
    /// and the values of secret request headers are hidden (a server may echo them).
    public let detail: String

    init(_ kind: Kind, request: FetchRequest, attempts: Int, detail: String = "") {
        self.kind = kind
        self.requestID = request.id
        self.url = request.displayURL
        self.attempts = attempts
        self.detail = Self.hidingSecrets(of: request, in: detail)
    }

    /// `text` without URL credentials or the request's secret header values (whole, or the token after
    /// `Bearer ` / `Basic `, which a server may echo alone).
    private static func hidingSecrets(of request: FetchRequest, in text: String) -> String {
        var text = URLCredentials.hidingCredentials(in: text)
        for header in request.headers where header.isSecret {
            let token = header.value.split(separator: " ").last.map(String.init) ?? ""
            for secret in [header.value, token] where secret.count >= 4 {
                text = text.replacing(secret, with: URLCredentials.placeholder)
            }
        }
        return text
    }

    /// One line naming the request and URL, what happened and what to do.
    public var description: String {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        let explanation = detail.isEmpty ? "" : " (\(detail))"
        return "\(requestID): \(url) failed\(tries): \(summary)\(explanation). \(advice)"
    }

    private var summary: String {
        switch kind {
        case .invalidURL: "the URL is not a valid absolute URL"
        case .disallowedProtocol: "only http and https URLs and redirects are allowed"
        case .dnsFailure: "the host name could not be resolved"
        case .connectionRefused: "the connection was refused"
        case .timeout: "the server did not answer in time"
        case .tooSlow: "the transfer stalled (the server sent almost nothing for a long time)"
        case .tls: "the TLS connection could not be established securely"
        case .tooManyRedirects: "too many redirects"
        case .bodyTooLarge(let limit): "the page is larger than the limit of \(Self.size(limit))"
        case .httpStatus(let status): "the server answered HTTP \(status)"
        case .connectionReset: "the connection broke before the response was complete"
        case .network: "a network error occurred"
        case .cancelled: "the transfer was cancelled"
        }
    }

    private var advice: String {
        switch kind {
        case .invalidURL, .disallowedProtocol: "Fix the URL in selectors.yml (it must start with http:// or https://)."
        case .dnsFailure: "Check the host name for typos and that DNS works on this machine."
        case .connectionRefused: "Check the URL's host and port, and that the site is up."
        case .timeout:
            "Retry later, or raise defaults.fetch.timeout / connect_timeout in selectors.yml (or pass --timeout)."
        case .tooSlow: "Retry later; if the site is always this slow, check it from this machine."
        case .tls: "Check the site's certificate and this machine's CA certificates and clock."
        case .tooManyRedirects:
            "Open the URL in a browser and use the final address, or raise defaults.fetch.max_redirects in selectors.yml."
        case .bodyTooLarge: "Point the target at a smaller page, or raise defaults.fetch.max_body_mb in selectors.yml."
        case .httpStatus(let status) where status == 429 || status >= 500:
            "The site is overloaded or failing; retry later, or lower defaults.fetch.max_per_host / raise per_host_delay in selectors.yml (or pass --max-per-host / --per-host-delay)."
        case .httpStatus(let status) where status == 401 || status == 403:
            "The page needs credentials: send them with a headers: entry whose value comes from an environment variable (docs/selectors.md, Headers)."
        case .httpStatus: "Check that the URL still exists and needs no login."
        case .connectionReset, .network: "Retry later; if it persists, check proxies and the site from this machine."
        case .cancelled: "Nothing to fix: the run was stopped."
        }
    }

    /// A byte count as `max_body_mb` states it (MiB) when whole, else in bytes.
    private static func size(_ bytes: Int) -> String {
        bytes % 1_048_576 == 0 ? "\(bytes / 1_048_576) MB" : "\(bytes) bytes"
    }

    /// Whether another attempt may succeed and is safe: transient network trouble, timeouts, 429 and 5xx.
    /// A request that is not idempotent (a webhook POST) may already have been acted on after a timeout, a
    /// reset or a 500, so it is retried only when the server cannot have processed it: refused
    /// connection, 429 or 503.
    func isRetryable(idempotent: Bool) -> Bool {
        switch kind {
        case .connectionRefused: true
        case .httpStatus(let status) where status == 429 || status == 503: true
        case .timeout, .tooSlow, .connectionReset, .network: idempotent
        case .httpStatus(let status): idempotent && status >= 500
        case .invalidURL, .disallowedProtocol, .dnsFailure, .tls, .tooManyRedirects, .bodyTooLarge, .cancelled:
            false
        }
    }
}
