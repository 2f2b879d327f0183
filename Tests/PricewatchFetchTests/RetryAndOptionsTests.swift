import PricewatchFetch
import Testing

@testable import PricewatchFetch

@Suite("Retry-After parsing, backoff bounds, option validation")
struct RetryAndOptionsTests {
    // 2026-11-24 10:00:00 UTC
    static let now = 1_795_514_400.0

    @Test(
        arguments: [
            ("1", 1.0),
            ("0", 0.0),
            (" 120 ", 120.0),
            ("Tue, 24 Nov 2026 10:00:30 GMT", 30.0),
            ("Tue, 24 Nov 2026 09:00:00 GMT", 0.0),
        ] as [(String, Double?)])
    func retryAfterValuesAreUnderstood(value: String, seconds: Double?) {
        #expect(RetryPolicy.retryAfterSeconds(value, now: Self.now) == seconds)
    }

    @Test(arguments: ["-5", "soon", ""])
    func unusableRetryAfterValuesAreIgnored(value: String) {
        #expect(RetryPolicy.retryAfterSeconds(value, now: Self.now) == nil)
    }

    @Test func retryAfterIsCappedByTheConfiguredMaximum() {
        let policy = RetryPolicy(FetchOptions(maxRetryAfter: .seconds(5)))
        let headers = [HTTPHeader(name: "Retry-After", value: "3600")]
        let delay = policy.delay(afterAttempt: 1, headers: headers, now: Self.now)
        #expect(delay == .seconds(5))
    }

    @Test(arguments: 1...6)
    func backoffStaysWithinTheExponentialBoundAndTheCap(attempt: Int) {
        let policy = RetryPolicy(FetchOptions(retryBaseDelay: .milliseconds(100), retryMaxDelay: .seconds(1)))
        let bound = min(Duration.milliseconds(100 * (1 << (attempt - 1))), .seconds(1))
        for _ in 0..<50 {
            let delay = policy.delay(afterAttempt: attempt, headers: [], now: Self.now)
            #expect(delay >= .zero && delay <= bound)
        }
    }

    @Test(arguments: [
        (FetchOptions(maxConcurrent: 0), "maxConcurrent"),
        (FetchOptions(maxPerHost: 0), "maxPerHost"),
        (FetchOptions(totalTimeout: .zero), "totalTimeout"),
        (FetchOptions(maxAttempts: 0), "maxAttempts"),
        (FetchOptions(maxBodyBytes: 0), "maxBodyBytes"),
        (FetchOptions(userAgent: ""), "userAgent"),
    ])
    func optionsOutOfRangeAreRejectedByName(options: FetchOptions, option: String) {
        #expect(throws: FetchOptionsError.self) { try Fetcher(options: options) }
        do {
            try options.validate()
        } catch {
            #expect(error.option == option)
            #expect(error.description.contains(option))
        }
    }

    /// The defaults a cron run gets (documented in docs/selectors.md under `defaults.fetch`), and they pass
    /// validation.
    @Test func defaultOptionsAreValid() throws {
        let options = FetchOptions()
        try options.validate()
        #expect(options.maxConcurrent == 16)
        #expect(options.maxPerHost == 2)
        #expect(options.perHostDelay == .zero)
        #expect(options.connectTimeout == .seconds(10))
        #expect(options.totalTimeout == .seconds(30))
        #expect(options.lowSpeedLimit == 100)
        #expect(options.lowSpeedTime == .seconds(15))
        #expect(options.maxAttempts == 3)
        #expect(options.retryBaseDelay == .milliseconds(500))
        #expect(options.retryMaxDelay == .seconds(30))
        #expect(options.maxRetryAfter == .seconds(120))
        #expect(options.maxRedirects == 5)
        #expect(options.maxBodyBytes == 10 * 1024 * 1024)
        #expect(options.userAgent == "pricewatch/0.1 (+https://github.com/pricewatch)")
        #expect(options.verifiesTLS)
    }
}
