/// One HTTP header field, as sent or received.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The field name; compare it case-insensitively (HTTP names are case-insensitive).
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String
    /// Whether the value is a credential: it is never printed, and it is hidden from error messages.
    public var isSecret: Bool

    /// A header field with the given name and value.
    public init(name: String, value: String, isSecret: Bool = false) {
        self.name = name
        self.value = value
        self.isSecret = isSecret
    }

    /// `Name: value`, or `Name: [redacted]` for a secret.
    public var description: String { "\(name): \(isSecret ? URLCredentials.placeholder : value)" }

    /// The same as ``description``, so dumping a request never shows a secret.
    public var debugDescription: String { description }
}

extension [HTTPHeader] {
    /// The value of the last field named `name` (case-insensitive), or nil when there is none.
    public func value(for name: String) -> String? {
        let wanted = name.lowercased()
        return last { $0.name.lowercased() == wanted }?.value
    }
}

extension BidirectionalCollection where Element == UInt8 {
    /// The bytes without leading and trailing spaces, tabs, CR and LF (header lines end in CRLF, values are
    /// padded with optional whitespace).
    var trimmingHTTPWhitespace: SubSequence {
        let isContent: (UInt8) -> Bool = { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }
        guard let first = firstIndex(where: isContent), let last = lastIndex(where: isContent) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
