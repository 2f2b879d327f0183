extension Collection<UInt8> {
    /// The bytes as lower-case hexadecimal, the form signatures and snapshot digests are written in.
    public var hexString: String {
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        appendHex(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the bytes as lower-case hexadecimal to `text`, for writers that build bytes, not strings.
    public func appendHex(to text: inout [UInt8]) {
        for byte in self {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
