/// A value bound to a statement parameter: never part of the SQL text, so it needs no escaping.
public struct PostgresValue: Sendable, Hashable {
    /// The bytes sent: UTF-8 text, or the raw bytes of a `bytea`.
    let bytes: [UInt8]
    /// Whether the bytes go in binary format (`bytea` only).
    let isBinary: Bool
    /// The parameter's type; 0 lets the server infer it from the SQL (`$1::jsonb`).
    let typeOID: UInt32

    /// Text in PostgreSQL's text format: a string, a number, a timestamp or JSON, cast in the SQL as needed.
    ///
    /// - Throws: ``PostgresError`` when the text holds a NUL character, which PostgreSQL text cannot store
    ///   (libpq would cut the value short there, silently).
    public static func text(_ text: String) throws(PostgresError) -> PostgresValue {
        let bytes = Array(text.utf8)
        guard !bytes.contains(0) else { throw PostgresError.invalidParameter("text with a NUL character") }
        return PostgresValue(bytes: bytes, isBinary: false, typeOID: 0)
    }

    /// An integer, sent as its decimal text.
    public static func integer(_ value: some BinaryInteger) -> PostgresValue {
        PostgresValue(bytes: Array(String(value).utf8), isBinary: false, typeOID: 0)
    }

    /// A boolean, sent as `true` or `false`.
    public static func boolean(_ value: Bool) -> PostgresValue {
        PostgresValue(bytes: Array((value ? "true" : "false").utf8), isBinary: false, typeOID: 0)
    }

    /// Texts as one array parameter (`$1::text[]`, `= ANY($1::text[])`), in PostgreSQL's array literal form
    /// with every element quoted, so a list of any length is still a single parameter.
    ///
    /// - Throws: ``PostgresError`` when a text holds a NUL character.
    public static func textArray(_ texts: [String]) throws(PostgresError) -> PostgresValue {
        var literal = "{"
        for (index, text) in texts.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in text.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return try .text(literal + "}")
    }

    /// Raw bytes for a `bytea` column, sent in binary (no hex or escape encoding on the way).
    public static func bytes(_ bytes: [UInt8]) -> PostgresValue {
        PostgresValue(bytes: bytes, isBinary: true, typeOID: byteaOID)
    }

    /// The OID of the `bytea` type, fixed in PostgreSQL's catalog.
    private static let byteaOID: UInt32 = 17
}
