import Foundation

/// The one JSON style pricewatch writes: pretty, sorted keys, no escaped slashes, so files diff well in git.
public enum PricewatchJSON {
    /// An encoder for every document pricewatch writes.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes a value as UTF-8 JSON text ending in a newline.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        var data = try encoder(pretty: pretty).encode(value)
        data.append(0x0A)
        return data
    }

    /// A decoder matching ``encoder(pretty:)``.
    public static func decoder() -> JSONDecoder { JSONDecoder() }
}
