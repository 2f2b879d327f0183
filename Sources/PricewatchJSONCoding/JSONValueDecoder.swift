import Foundation

/// Reads a value from a ``JSONValue`` through its `Decodable` conformance, so a model's fields are declared
/// once (its `CodingKeys` and `init(from:)`) for reading as for writing.
///
/// It follows `JSONDecoder`'s rules for what the tree holds: `decodeIfPresent` reads an absent key and null
/// alike, integers must fit their type, unknown keys are ignored. It throws at anything else (no error of it
/// is shown to anyone: callers hand the text to Foundation's decoder, which also explains what is wrong),
/// including `Data`, `URL`, `Date` and `Decimal`, which `JSONDecoder` reads in ways of its own.
package enum JSONValueDecoder {
    /// The value of type `type` that `value` holds.
    ///
    /// - Throws: `DecodingError` when it holds none.
    package static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        if T.self == String.self {
            guard case .string(let text) = value else { throw mismatch(type) }
            return text as! T
        }
        guard T.self != Data.self, T.self != URL.self, T.self != Date.self, T.self != Decimal.self else {
            throw mismatch(type)
        }
        return try T(from: ValueDecoder(value: value))
    }

    static func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: [], debugDescription: "not in the JSON value"))
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue) throws -> T {
        guard case .integer(let digits) = value, T.isSigned || !digits.hasPrefix("-"), let number = T(digits) else {
            throw mismatch(type)
        }
        return number
    }

    static func string(_ value: JSONValue) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self) }
        return text
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw JSONValueDecoder.mismatch([String: Any].self) }
        return KeyedDecodingContainer(KeyedContainer(members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw JSONValueDecoder.mismatch([Any].self) }
        return UnkeyedContainer(items: items)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { SingleContainer(value: value) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: JSONObject
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { members.members.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let member = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no such key"))
        }
        return member
    }

    /// The member, or nil when it is absent or null.
    private func present(_ key: Key) -> JSONValue? {
        guard let member = members[key.stringValue] else { return nil }
        if case .null = member { return nil }
        return member
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key) { return true }
        return false
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONValueDecoder.string(member(key)) }

    // Integers are read here rather than through their own `init(from:)`, a single-value container each.
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONValueDecoder.integer(type, member(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try JSONValueDecoder.integer(type, member(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONValueDecoder.integer(type, member(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try JSONValueDecoder.integer(type, member(key))
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try JSONValueDecoder.integer(type, member(key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoder.decode(type, from: member(key))
    }

    // One lookup instead of the default's three (`contains`, `decodeNil`, `decode`): most fields are optional.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map(JSONValueDecoder.string)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try JSONValueDecoder.decode(type, from: $0) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try ValueDecoder(value: member(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: member(key)).unkeyedContainer()
    }

    func superDecoder() -> any Decoder { ValueDecoder(value: members["super"] ?? .null) }
    func superDecoder(forKey key: Key) -> any Decoder { ValueDecoder(value: members[key.stringValue] ?? .null) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSONValue]) {
        self.items = items
    }

    /// The next item, stepping past it.
    private mutating func next() throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: [], debugDescription: "at the end"))
        }
        defer { currentIndex += 1 }
        return items[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return try next() == .null }  // throws: nothing is left
        guard case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: String.Type) throws -> String { try JSONValueDecoder.string(next()) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONValueDecoder.decode(type, from: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try ValueDecoder(value: next()).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: next()).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { ValueDecoder(value: try next()) }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: String.Type) throws -> String { try JSONValueDecoder.string(value) }
    func decode(_ type: Bool.Type) throws -> Bool { throw JSONValueDecoder.mismatch(type) }
    func decode(_ type: Double.Type) throws -> Double { throw JSONValueDecoder.mismatch(type) }
    func decode(_ type: Float.Type) throws -> Float { throw JSONValueDecoder.mismatch(type) }
    func decode(_ type: Int.Type) throws -> Int { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONValueDecoder.integer(type, value) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONValueDecoder.integer(type, value) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONValueDecoder.decode(type, from: value) }
}
