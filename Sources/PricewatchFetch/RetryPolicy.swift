import Foundation
internal import CCurl

/// How long to wait before the next attempt: the server's `Retry-After` when it gave one, else exponential
/// backoff with full jitter (a random wait up to the exponential bound, so many clients spread out).
struct RetryPolicy: Sendable {
    let baseDelay: Duration
    let maxDelay: Duration
    let maxRetryAfter: Duration

    init(_ options: FetchOptions) {
        baseDelay = options.retryBaseDelay
        maxDelay = options.retryMaxDelay
        maxRetryAfter = options.maxRetryAfter
    }

    /// The wait before attempt `failedAttempts + 1`, given the failed response's headers (if any).
    func delay(afterAttempt failedAttempts: Int, headers: [HTTPHeader], now: Double) -> Duration {
        if let retryAfter = headers.value(for: "Retry-After").flatMap({ Self.retryAfterSeconds($0, now: now) }) {
            return min(.milliseconds(Int(retryAfter * 1000)), maxRetryAfter)
        }
        let bound = min(baseDelay.seconds * Double(1 << min(failedAttempts - 1, 30)), maxDelay.seconds)
        return .milliseconds(Int(Double.random(in: 0...max(bound, 0)) * 1000))
    }

    /// Seconds to wait according to a `Retry-After` value: delay-seconds or an HTTP-date, never negative.
    /// `now` is the current Unix time.
    static func retryAfterSeconds(_ value: String, now: Double) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return seconds >= 0 ? Double(seconds) : nil }
        let date = curl_getdate(trimmed, nil)
        guard date >= 0 else { return nil }
        return max(0, Double(date) - now)
    }
}
