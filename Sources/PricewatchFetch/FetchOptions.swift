/// Limits and politeness settings for a `Fetcher`; the defaults suit a cron run over vendor pages.
public struct FetchOptions: Sendable, Equatable {
    /// The most transfers in flight at once, over all hosts.
    public var maxConcurrent: Int
    /// The most transfers in flight at once to one host (host and port), so no site is hammered.
    public var maxPerHost: Int
    /// The least time between the starts of two transfers to the same host.
    public var perHostDelay: Duration
    /// How long establishing a connection (including TLS) may take.
    public var connectTimeout: Duration
    /// How long one attempt may take from start to last byte.
    public var totalTimeout: Duration
    /// A transfer slower than this many bytes per second for `lowSpeedTime` is cut off (0 disables).
    public var lowSpeedLimit: Int
    /// How long a transfer may stay under `lowSpeedLimit` (whole seconds; rounded up).
    public var lowSpeedTime: Duration
    /// Attempts per request, the first included; failures that may be transient are retried.
    public var maxAttempts: Int
    /// The backoff base: retry n waits a random time up to `retryBaseDelay * 2^(n-1)` (full jitter).
    public var retryBaseDelay: Duration
    /// The longest backoff wait between attempts.
    public var retryMaxDelay: Duration
    /// The longest wait honoured from a server's `Retry-After`; longer requests are shortened to this.
    public var maxRetryAfter: Duration
    /// How many redirects are followed before the transfer fails.
    public var maxRedirects: Int
    /// The largest decoded body accepted; a bigger page fails with `bodyTooLarge` instead of filling memory.
    public var maxBodyBytes: Int
    /// The `User-Agent` sent with every request.
    public var userAgent: String
    /// Whether TLS certificates and host names are verified. Turn off only for a test server.
    public var verifiesTLS: Bool

    /// The `User-Agent` used unless another is configured.
    public static let defaultUserAgent = "pricewatch/0.1 (+https://github.com/pricewatch)"

    /// Options with the given values; every parameter has the documented default.
    public init(
        maxConcurrent: Int = 16, maxPerHost: Int = 2, perHostDelay: Duration = .zero,
        connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(30),
        lowSpeedLimit: Int = 100, lowSpeedTime: Duration = .seconds(15), maxAttempts: Int = 3,
        retryBaseDelay: Duration = .milliseconds(500), retryMaxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(120), maxRedirects: Int = 5, maxBodyBytes: Int = 10 * 1024 * 1024,
        userAgent: String = FetchOptions.defaultUserAgent, verifiesTLS: Bool = true
    ) {
        self.maxConcurrent = maxConcurrent
        self.maxPerHost = maxPerHost
        self.perHostDelay = perHostDelay
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxAttempts = maxAttempts
        self.retryBaseDelay = retryBaseDelay
        self.retryMaxDelay = retryMaxDelay
        self.maxRetryAfter = maxRetryAfter
        self.maxRedirects = maxRedirects
        self.maxBodyBytes = maxBodyBytes
        self.userAgent = userAgent
        self.verifiesTLS = verifiesTLS
    }

    /// Checks that every limit is usable, so a bad `selectors.yml` value fails before any transfer.
    ///
    /// - Throws: `FetchOptionsError` naming the option and the accepted range.
    public func validate() throws(FetchOptionsError) {
        // Each option with where users set it, so the message names a key or flag that exists.
        let checks: [(name: String, isValid: Bool, expected: String, setting: String?)] = [
            ("maxConcurrent", maxConcurrent >= 1, "at least 1", "defaults.fetch.max_concurrent or --max-concurrent"),
            ("maxPerHost", maxPerHost >= 1, "at least 1", "defaults.fetch.max_per_host or --max-per-host"),
            (
                "perHostDelay", perHostDelay >= .zero, "zero or more",
                "defaults.fetch.per_host_delay or --per-host-delay"
            ),
            ("connectTimeout", connectTimeout > .zero, "more than zero", "defaults.fetch.connect_timeout"),
            ("totalTimeout", totalTimeout > .zero, "more than zero", "defaults.fetch.timeout or --timeout"),
            ("lowSpeedLimit", lowSpeedLimit >= 0, "zero (off) or more", nil),
            ("lowSpeedTime", lowSpeedTime >= .zero, "zero or more", nil),
            ("maxAttempts", maxAttempts >= 1, "at least 1", "defaults.fetch.max_attempts or --max-attempts"),
            ("retryBaseDelay", retryBaseDelay >= .zero, "zero or more", nil),
            ("retryMaxDelay", retryMaxDelay >= .zero, "zero or more", nil),
            ("maxRetryAfter", maxRetryAfter >= .zero, "zero or more", nil),
            ("maxRedirects", maxRedirects >= 0, "zero or more", "defaults.fetch.max_redirects"),
            ("maxBodyBytes", maxBodyBytes >= 1, "at least 1", "defaults.fetch.max_body_mb"),
            (
                "userAgent", !userAgent.isEmpty && !userAgent.contains("\n"), "a non-empty single line",
                "defaults.fetch.user_agent or --user-agent"
            ),
        ]
        if let failed = checks.first(where: { !$0.isValid }) {
            throw FetchOptionsError(option: failed.name, expected: failed.expected, setting: failed.setting)
        }
    }
}

/// A fetch option outside its accepted range.
public struct FetchOptionsError: Error, CustomStringConvertible, Equatable {
    /// The option's name, as in `FetchOptions`.
    public let option: String
    /// The accepted range, in words.
    public let expected: String
    /// Where a user sets it (`defaults.fetch.max_concurrent or --max-concurrent`); nil for options only
    /// code sets.
    public let setting: String?

    /// An error for `option`, which users set through `setting` (if at all).
    public init(option: String, expected: String, setting: String? = nil) {
        self.option = option
        self.expected = expected
        self.setting = setting
    }

    /// Names the option, what it must be, and where to change it.
    public var description: String {
        let fix = setting.map { "; set it with \($0) in selectors.yml" } ?? ""
        return "Fetch option \(option) must be \(expected)\(fix)."
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a short positive duration never becomes zero (curl's "no limit").
    var roundedUpMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
