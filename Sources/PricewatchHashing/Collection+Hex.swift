extension Collection<UInt8> {
    /// The bytes as lower-case hexadecimal, the form signatures and snapshot digests are written in.
    ///
    /// Inlinable so that callers in other modules get it specialised for their collection: unspecialised,
    /// it went through the `Collection` witnesses for every byte (16,600 instructions for a 32-byte digest).
    @inlinable public var hexString: String {
        String(unsafeUninitializedCapacity: count * 2) { text in
            var position = 0
            for byte in self {
                text[position] = hexDigit(byte >> 4)
                text[position + 1] = hexDigit(byte & 0x0F)
                position += 2
            }
            return position
        }
    }

    /// Appends the bytes as lower-case hexadecimal to `text`, for writers that build bytes, not strings.
    @inlinable public func appendHex(to text: inout [UInt8]) {
        text.reserveCapacity(text.count + count * 2)
        for byte in self {
            text.append(hexDigit(byte >> 4))
            text.append(hexDigit(byte & 0x0F))
        }
    }
}

/// The lower-case hexadecimal digit of `nibble` (0 to 15).
@inlinable func hexDigit(_ nibble: UInt8) -> UInt8 {
    nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
}
