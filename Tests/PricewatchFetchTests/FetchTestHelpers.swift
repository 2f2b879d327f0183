import Foundation
import PricewatchFetch
import PricewatchTestSupport
import Testing

/// Options with short timeouts and backoff so fault tests finish in a second or two.
func quickOptions(
    totalTimeout: Duration = .seconds(5), maxAttempts: Int = 3, maxPerHost: Int = 2,
    lowSpeedLimit: Int = 0, lowSpeedTime: Duration = .seconds(1)
) -> FetchOptions {
    FetchOptions(
        maxPerHost: maxPerHost, connectTimeout: .seconds(2), totalTimeout: totalTimeout,
        lowSpeedLimit: lowSpeedLimit, lowSpeedTime: lowSpeedTime, maxAttempts: maxAttempts,
        retryBaseDelay: .milliseconds(20), retryMaxDelay: .milliseconds(100))
}

/// The error `fetch` throws for `request`, or a recorded test failure when it succeeds instead.
func fetchError(_ fetcher: Fetcher, _ request: FetchRequest) async -> FetchError? {
    do {
        let response = try await fetcher.fetch(request)
        Issue.record("expected an error, got HTTP \(response.status) after \(response.attempts) attempts")
        return nil
    } catch {
        return error
    }
}

/// A file from `Fixtures/`.
func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return Array(try Data(contentsOf: url))
}
