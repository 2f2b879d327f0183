/// One page (or webhook call) to transfer: what to send, and what is known from the last fetch.
public struct FetchRequest: Sendable, Hashable {
    /// The caller's identifier for this request (a target id), echoed in results and errors.
    public var id: String
    /// The absolute `http` or `https` URL to fetch.
    public var url: String
    /// The request method; `GET` unless a body is posted.
    public var method: String
    /// Extra header fields to send (added after the fetcher's own, so they can override them).
    public var headers: [HTTPHeader]
    /// The request body, sent as-is (set a `Content-Type` header to match); nil for none.
    public var body: [UInt8]?
    /// The `ETag` stored from the last fetch, sent as `If-None-Match` so an unchanged page answers 304.
    public var etag: String?
    /// The `Last-Modified` stored from the last fetch, sent as `If-Modified-Since`.
    public var lastModified: String?
    /// Whether resending is harmless, overriding what the method implies (nil). A POST that carries a
    /// delivery id its receiver de-duplicates on may set this, so timeouts, resets and 5xx are retried too.
    public var declaredIdempotent: Bool?
    /// Hides everything after the host in errors and logs: for URLs that are secrets (Slack webhooks).
    public var redactsURL: Bool

    /// A request for `url`; everything but the id and URL is optional.
    public init(
        id: String, url: String, method: String = "GET", headers: [HTTPHeader] = [], body: [UInt8]? = nil,
        etag: String? = nil, lastModified: String? = nil, redactsURL: Bool = false
    ) {
        self.id = id
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.etag = etag
        self.lastModified = lastModified
        self.redactsURL = redactsURL
    }

    /// The URL as errors and logs may show it: without user name and password, and only scheme and host when
    /// `redactsURL` is set.
    public var displayURL: String {
        guard redactsURL else { return URLCredentials.hidingCredentials(in: url) }
        guard let parts = URLParts(url) else { return "[redacted URL]" }
        return "\(parts.scheme)://\(parts.host)/[redacted]"
    }

    /// Whether sending the request twice has the same effect as once (RFC 9110), which decides what may be
    /// retried.
    var isIdempotent: Bool {
        declaredIdempotent ?? ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"].contains(method.uppercased())
    }

    /// The header fields that make the request conditional, from the stored validators.
    var conditionalHeaders: [HTTPHeader] {
        var headers: [HTTPHeader] = []
        if let etag { headers.append(HTTPHeader(name: "If-None-Match", value: etag)) }
        if let lastModified { headers.append(HTTPHeader(name: "If-Modified-Since", value: lastModified)) }
        return headers
    }
}
