/// A completed transfer: the final response after redirects and retries.
public struct FetchResponse: Sendable {
    /// The id of the `FetchRequest` this answers.
    public let id: String
    /// The HTTP status of the final response (2xx, 3xx or 304; errors are thrown as `FetchError`).
    public let status: Int
    /// The URL that produced the final response, after redirects, with any user name and password hidden (a
    /// redirect may carry them).
    public let finalURL: String
    /// The header fields of the final response, in order.
    public let headers: [HTTPHeader]
    /// The body, already decoded from gzip/deflate/br/zstd when the server compressed it.
    public let body: [UInt8]
    /// The `charset` parameter of `Content-Type` exactly as the server gave it (nil when absent), for the
    /// HTML parser to use or to override.
    public let charset: String?
    /// The `ETag` to store for the next conditional request.
    public let etag: String?
    /// The `Last-Modified` to store for the next conditional request.
    public let lastModified: String?
    /// Wall time from the first attempt's start to completion, in seconds, including retry waits.
    public let duration: Double
    /// How many attempts the transfer took (1 when it succeeded at once).
    public let attempts: Int

    /// True for 304: the page is unchanged since the stored `etag`/`lastModified`, and the body is empty.
    public var isNotModified: Bool { status == 304 }

    /// The value of the last header field named `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? { headers.value(for: name) }

    init(id: String, attempt: AttemptResponse, duration: Double, attempts: Int) {
        self.id = id
        self.status = attempt.status
        self.finalURL = URLCredentials.hidingCredentials(in: attempt.finalURL)
        self.headers = attempt.headers
        self.body = attempt.body
        self.charset = headers.value(for: "Content-Type").flatMap(Self.charset(ofContentType:))
        self.etag = headers.value(for: "ETag")
        self.lastModified = headers.value(for: "Last-Modified")
        self.duration = duration
        self.attempts = attempts
    }

    /// The `charset` parameter of a `Content-Type` value, unquoted but otherwise as given.
    static func charset(ofContentType contentType: String) -> String? {
        for parameter in contentType.utf8.split(separator: UInt8(ascii: ";")).dropFirst() {
            let pair = parameter.split(separator: UInt8(ascii: "="), maxSplits: 1)
            guard pair.count == 2,
                String(decoding: pair[0].trimmingHTTPWhitespace, as: UTF8.self).lowercased() == "charset"
            else { continue }
            var value = pair[1].trimmingHTTPWhitespace
            let quote = UInt8(ascii: "\"")
            if value.count >= 2, value.first == quote, value.last == quote { value = value.dropFirst().dropLast() }
            return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        }
        return nil
    }
}

/// The outcome of one request in `Fetcher.fetchAll`: the request and its response or error.
public struct FetchResult: Sendable {
    /// The request this result is for.
    public let request: FetchRequest
    /// The response, or why the transfer failed after all attempts.
    public let outcome: Result<FetchResponse, FetchError>
}
