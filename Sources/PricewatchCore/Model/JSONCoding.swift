import Foundation
import PricewatchHTML

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
        // Records, reports and `last-seen.json` are written by hand, in exactly the encoder's text.
        if pretty, FastPath.json.isOn, let writable = value as? any WritableAsJSONValue,
            let text = writable.jsonValue.prettyText
        {
            return Data(text)
        }
        var data = try encoder(pretty: pretty).encode(value)
        data.append(0x0A)
        return data
    }

    /// A decoder matching ``encoder(pretty:)``.
    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// Decodes a value from JSON text; records and snapshot files that hold the text pricewatch writes are
    /// read without `JSONDecoder`, with the same result.
    ///
    /// - Throws: `DecodingError` when the text is not valid JSON of that type.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if FastPath.json.isOn, let readable = type as? any ReadableAsWritten.Type,
            let value = readable.decodedAsWritten(bytes) as? T
        {
            return value
        }
        return try decoder().decode(type, from: Data(bytes))
    }
}

/// A type whose JSON text is built as a ``JSONValue`` rather than by `JSONEncoder`, with the same bytes.
protocol WritableAsJSONValue {
    /// The value as the tree its `Encodable` conformance would encode.
    var jsonValue: JSONValue { get }
}

/// A type with a reader faster than `JSONDecoder` for the text pricewatch itself writes.
protocol ReadableAsWritten {
    /// The value, or nil for `JSONDecoder` to read (and, for a damaged file, to say what is wrong).
    static func decodedAsWritten(_ bytes: [UInt8]) -> Self?
}
