internal import CLibPQ

/// The rows a statement returned, copied out of libpq's result (which is freed right after).
///
/// Values are in PostgreSQL's text format: ``string(_:_:)`` reads text, numbers and timestamps as the server
/// prints them, ``bytes(_:_:)`` decodes a `bytea` column's hex form.
public struct PostgresRows: Sendable {
    /// The column names, in order.
    public let columns: [String]
    /// Each row's values in column order; nil is SQL `NULL`.
    public let values: [[String?]]
    /// The number of rows inserted, updated or deleted (0 for other statements).
    public let affectedRows: Int

    /// Copies a result that succeeded.
    init(copying result: OpaquePointer) {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        values = (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// The number of rows.
    public var count: Int { values.count }

    /// A value as text, nil for `NULL`.
    public func string(_ row: Int, _ column: Int) -> String? {
        values[row][column]
    }

    /// An integer value, nil for `NULL` or a value that is not an integer.
    public func integer(_ row: Int, _ column: Int) -> Int? {
        values[row][column].flatMap { Int($0) }
    }

    /// A `bytea` value's bytes, decoded from the server's hex text format (`\x0a1b...`).
    public func bytes(_ row: Int, _ column: Int) -> [UInt8]? {
        guard let text = values[row][column] else { return nil }
        return Self.decodeHex(text)
    }

    /// `\x` followed by two hex digits per byte, as PostgreSQL prints `bytea` (its default `bytea_output`).
    static func decodeHex(_ text: String) -> [UInt8]? {
        var digits = Array(text.utf8)
        guard digits.count >= 2, digits[0] == UInt8(ascii: "\\"), digits[1] == UInt8(ascii: "x"),
            digits.count % 2 == 0
        else { return nil }
        digits.removeFirst(2)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
