import PricewatchCore
import PricewatchHashing
import PricewatchFetch

/// Signs generic-webhook deliveries so receivers can check they came from pricewatch and are fresh.
///
/// The signed string is `"<timestamp>.<body>"` (Unix seconds, a full stop, the exact body bytes); the
/// signature travels as `X-Pricewatch-Signature: sha256=<lower-case hex HMAC-SHA256>` next to
/// `X-Pricewatch-Timestamp: <timestamp>`. Binding the timestamp stops an old delivery being replayed:
/// receivers reject timestamps far from their clock (docs/selectors.md, `## notify`).
public struct WebhookSigner: Sendable {
    /// The header carrying the signature.
    public static let signatureHeader = "X-Pricewatch-Signature"
    /// The header carrying the Unix time the signature was made.
    public static let timestampHeader = "X-Pricewatch-Timestamp"

    private let secret: [UInt8]

    /// A signer with the shared secret (from the environment variable the configuration names).
    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    /// The `sha256=<hex>` signature of `body` sent at `timestamp` (Unix seconds).
    public func signature(for body: [UInt8], timestamp: Int) -> String {
        let signed = Array("\(timestamp).".utf8) + body
        return "sha256=" + HMACSHA256.authenticationCode(for: signed, key: secret).hexString
    }

    /// The two header fields to send with `body` at `timestamp`.
    public func headers(for body: [UInt8], timestamp: Int) -> [HTTPHeader] {
        [
            HTTPHeader(name: Self.timestampHeader, value: String(timestamp)),
            HTTPHeader(name: Self.signatureHeader, value: signature(for: body, timestamp: timestamp)),
        ]
    }

    /// Whether `signature` is valid for `body` and `timestamp`, compared in constant time; for receivers
    /// written in Swift and for tests. The caller also checks the timestamp is recent.
    public func isValid(signature: String, for body: [UInt8], timestamp: Int) -> Bool {
        let expected = Array(self.signature(for: body, timestamp: timestamp).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
