import Foundation
import PricewatchHTML
import PricewatchJSONCoding

/// The one JSON style pricewatch writes: pretty, sorted keys, no escaped slashes, so files diff well in git.
///
/// The text comes from the values' `Codable` conformances through ``JSONValueEncoder`` and is laid out by
/// ``JSONValue``, which defines the format: Foundation's `JSONEncoder` writes the same bytes today (a test
/// compares them on every model), but a toolchain update of Foundation cannot change pricewatch's files.
/// `PRICEWATCH_PLAIN=json` uses Foundation's coders instead, for the benchmark's A/B figure.
public enum PricewatchJSON {
    /// Foundation's encoder set to write pricewatch's layout: the reference the tests compare the text with,
    /// and the encoder used when the `json` fast path is off.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes a value as UTF-8 JSON text ending in a newline, pretty (files people read) or compact.
    ///
    /// - Throws: `EncodingError` when the value holds something no pricewatch format has (see
    ///   ``JSONValueEncoder``) or its own `encode(to:)` throws.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        guard FastPath.json.isOn else {
            var data = try encoder(pretty: pretty).encode(value)
            data.append(0x0A)
            return data
        }
        return Data(try JSONValueEncoder.encode(value).text(pretty: pretty))
    }

    /// Foundation's decoder: what reads any JSON text, and explains what is wrong with a damaged file.
    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// Decodes a value from JSON text, with Foundation's decoder only when ``JSONValue``'s reader cannot
    /// vouch for the text (or the text does not hold the value, for the decoder to say why).
    ///
    /// - Throws: `DecodingError` when the text is not valid JSON of that type.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if FastPath.json.isOn, let tree = JSONValue(parsing: bytes),
            let value = try? JSONValueDecoder.decode(type, from: tree)
        {
            return value
        }
        return try decoder().decode(type, from: Data(bytes))
    }
}
