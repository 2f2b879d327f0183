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
    /// The specific explanation: libcurl's message, or the start of an error response's body.
    public let detail: String

    init(_ kind: Kind, request: FetchRequest, attempts: Int, detail: String = "") {
        self.kind = kind
        self.requestID = request.id
        self.url = request.displayURL
        self.attempts = attempts
        self.detail = detail
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
        case .tooSlow: "the server sent data too slowly"
        case .tls: "the TLS connection could not be established securely"
        case .tooManyRedirects: "too many redirects"
        case .bodyTooLarge(let limit): "the page is larger than the \(limit)-byte limit"
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
        case .timeout, .tooSlow: "Retry later, or raise the timeouts / lower the low-speed limit in the fetch options."
        case .tls: "Check the site's certificate and this machine's CA certificates and clock."
        case .tooManyRedirects: "Open the URL in a browser and use the final address, or raise maxRedirects."
        case .bodyTooLarge: "Point the target at a smaller page, or raise maxBodyBytes."
        case .httpStatus(let status) where status == 429 || status >= 500:
            "The site is overloaded or failing; retry later or lower maxPerHost / add a perHostDelay."
        case .httpStatus: "Check that the URL still exists and needs no login."
        case .connectionReset, .network: "Retry later; if it persists, check proxies and the site from this machine."
        case .cancelled: "Nothing to fix: the run was stopped."
        }
    }

    /// Whether another attempt may succeed: transient network trouble, timeouts, 429 and 5xx.
    var isRetryable: Bool {
        switch kind {
        case .connectionRefused, .timeout, .tooSlow, .connectionReset, .network: true
        case .httpStatus(let status): status == 429 || status >= 500
        case .invalidURL, .disallowedProtocol, .dnsFailure, .tls, .tooManyRedirects, .bodyTooLarge, .cancelled:
            false
        }
    }
}
