/// One HTTP request as the loopback server received it, kept so tests can assert on what a client sent.
public struct RecordedRequest: Sendable {
    /// The request method, as sent (`GET`, `POST`, ...).
    public let method: String
    /// The request target: path plus query string, as sent.
    public let path: String
    /// Header fields in arrival order, names as sent.
    public let headers: [(name: String, value: String)]
    /// The request body (from `Content-Length`); empty when there was none.
    public let body: [UInt8]
    /// When the request head was fully read, for asserting on gaps between attempts (backoff, Retry-After).
    public let receivedAt: ContinuousClock.Instant
    /// Which accepted connection carried the request (1-based), so tests can see connection reuse.
    public let connectionID: Int
    /// How many requests for the same `path` arrived before this one, so a handler can fail the first
    /// attempt and succeed on the next without keeping its own counter.
    public let pathHitIndex: Int

    /// The value of the last header field named `name` (compared case-insensitively), or nil.
    public func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body decoded as UTF-8, for readable assertions on JSON or form payloads.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
