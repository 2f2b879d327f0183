/// What the loopback server sends back for one request: status, headers, body and any network fault.
///
/// Faults are injected at the socket level, so the client under test sees exactly what a misbehaving
/// server on the internet would make it see: late first byte, a drip, a reset mid-body, nothing at all.
public struct LoopbackResponse: Sendable {
    /// The body to send.
    public enum Body: Sendable {
        /// These exact bytes.
        case bytes([UInt8])
        /// `count` bytes of a repeating ASCII pattern, produced while sending so a huge body costs no memory.
        case generated(count: Int)

        var count: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .generated(let count): count
            }
        }
    }

    /// The HTTP status code.
    public var status: Int
    /// Header fields to send, in order. `Content-Length` or `Transfer-Encoding` and `Connection` are added
    /// by the server.
    public var headers: [(name: String, value: String)]
    /// The response body.
    public var body: Body
    /// Send the body with `Transfer-Encoding: chunked` instead of `Content-Length`.
    public var isChunked = false
    /// Wait this long after reading the request before sending anything.
    public var firstByteDelay: Duration = .zero
    /// Send the body `chunkSize` bytes at a time with `interval` between chunks (a slow server).
    public var drip: (chunkSize: Int, interval: Duration)?
    /// Reset the connection (RST, via `SO_LINGER` 0) after this many body bytes.
    public var resetAfterBodyBytes: Int?
    /// Close the connection right after reading the request, sending nothing.
    public var closesWithoutResponse = false

    /// A response with the given status, headers and body and no faults.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A 200 response carrying `text` as UTF-8 with the given content type.
    public static func ok(_ text: String, contentType: String = "text/html; charset=utf-8") -> Self {
        Self(status: 200, headers: [("Content-Type", contentType)], body: .bytes(Array(text.utf8)))
    }

    /// A response with an empty body and the given status.
    public static func status(_ status: Int, headers: [(name: String, value: String)] = []) -> Self {
        Self(status: status, headers: headers)
    }

    /// A redirect to `location` (absolute or relative), 302 unless told otherwise.
    public static func redirect(to location: String, status: Int = 302) -> Self {
        Self(status: status, headers: [("Location", location)])
    }

    /// A connection that is closed as soon as the request has been read, without a single response byte.
    public static let closeWithoutResponse: Self = {
        var response = Self(status: 0)
        response.closesWithoutResponse = true
        return response
    }()

    /// This response sent only after `delay`.
    public func delayingFirstByte(by delay: Duration) -> Self {
        var copy = self
        copy.firstByteDelay = delay
        return copy
    }

    /// This response with its body sent `chunkSize` bytes every `interval`.
    public func dripping(chunkSize: Int, every interval: Duration) -> Self {
        var copy = self
        copy.drip = (max(1, chunkSize), interval)
        return copy
    }

    /// This response cut off by a connection reset after `bytes` body bytes.
    public func resetting(afterBodyBytes bytes: Int) -> Self {
        var copy = self
        copy.resetAfterBodyBytes = bytes
        return copy
    }

    /// This response sent with chunked transfer encoding (no `Content-Length`).
    public func chunked() -> Self {
        var copy = self
        copy.isChunked = true
        return copy
    }
}
