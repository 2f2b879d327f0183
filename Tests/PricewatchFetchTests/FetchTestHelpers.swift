import Foundation
import PricewatchFetch
import PricewatchTestSupport
import Testing

/// Options with short backoff so fault tests finish in a second or two. The timeouts stay generous: on a
/// loaded two-core machine a loopback transfer can stall for seconds, and a timeout there would turn into a
/// retry the test did not ask for.
func quickOptions(
    totalTimeout: Duration = .seconds(20), maxAttempts: Int = 3, maxPerHost: Int = 2,
    lowSpeedLimit: Int = 0, lowSpeedTime: Duration = .seconds(1)
) -> FetchOptions {
    FetchOptions(
        maxPerHost: maxPerHost, connectTimeout: .seconds(10), totalTimeout: totalTimeout,
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

/// The error a fresh `Fetcher` with `options` throws for a GET of `url`, or a recorded failure on success.
func fetchError(_ url: String, options: FetchOptions = quickOptions()) async throws -> FetchError? {
    await fetchError(try Fetcher(options: options), FetchRequest(id: "t", url: url))
}

/// Waits until `condition` holds, checking every 10 ms for at most `limit`; returns whether it held. A bound
/// on waiting for an event, not a speed measurement: the events awaited take milliseconds when the behaviour
/// works and never happen (or only after many seconds) when it is broken.
func eventually(within limit: Duration = .seconds(30), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
