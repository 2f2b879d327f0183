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

/// Waits until `condition` holds, checking every 10 ms; returns whether it held. There is no deadline a
/// loaded machine could miss: the whole suite shares two threads, and a task may wait its turn behind hundreds
/// of others. The ten minutes are only a safety net so a broken behaviour fails instead of hanging.
func eventually(_ condition: () -> Bool) async -> Bool {
    let safetyNet = ContinuousClock.now + .seconds(600)
    while ContinuousClock.now < safetyNet {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
