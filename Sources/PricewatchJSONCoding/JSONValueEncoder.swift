import Foundation

/// Turns a value into a ``JSONValue`` through its `Encodable` conformance, so a model's fields are declared
/// once (its `CodingKeys` and `encode(to:)`) for its JSON text as for everything else.
///
/// It encodes what pricewatch's formats hold: strings, integers, null, arrays and objects (a dictionary with
/// `String` keys is an object). Booleans, floating point numbers, `Data`, `URL`, `Date` and `Decimal`
/// throw `EncodingError.invalidValue`: no format has one, Foundation's encoder writes some of them in forms
/// of its own, and a format that needs one must first have its text decided here.
///
/// `codingPath` is always empty: no pricewatch type reads it, and building it cost an array per value.
package enum JSONValueEncoder {
    /// The tree `value` encodes as.
    ///
    /// - Throws: `EncodingError.invalidValue` for a kind of value outside pricewatch's formats, or what the
    ///   value's own `encode(to:)` throws.
    package static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        // The commonest leaves skip the containers, told by their type alone (a cast costs more).
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == String?.self { return unsafeBitCast(value, to: String?.self).map(JSONValue.string) ?? .null }
        if T.self == Int.self { return .integer(String(unsafeBitCast(value, to: Int.self))) }
        guard T.self != Data.self, T.self != URL.self, T.self != Date.self, T.self != Decimal.self else {
            throw unsupported(value)
        }
        let slot = Slot()
        try value.encode(to: ValueEncoder(slot: slot))
        return slot.take()
    }

    static func unsupported(_ value: Any) -> EncodingError {
        EncodingError.invalidValue(
            value,
            .init(
                codingPath: [],
                debugDescription:
                    "pricewatch's JSON has no \(type(of: value)) values; decide their text in JSONValueEncoder"
            ))
    }
}

/// What one value's encoding collects: a single value, or its container's members or items.
private final class Slot {
    enum Shape { case single, object, array }
    var shape = Shape.single
    /// Nil until the value writes one; a value that writes nothing is an empty object, as with `JSONEncoder`.
    var single: JSONValue?
    /// In the order they were encoded; sorted once, when the value is done.
    var members: [JSONObject.Member] = []
    var items: [JSONValue] = []
    /// Nested containers and super encoders handed out, each with the place of the member or item it
    /// fills (null until then), read once the value's `encode(to:)` has returned.
    var nested: [(place: Int, slot: Slot)] = []

    init(shape: Shape = .single) {
        self.shape = shape
    }

    /// Makes room for an object's members at once: a record's objects have up to about a dozen, and growing
    /// one by one cost four allocations for a price's six.
    func beginObject() {
        shape = .object
        members.reserveCapacity(8)
    }

    /// The value, handing over what was collected (called once).
    func take() -> JSONValue {
        switch shape {
        case .single: return single ?? .object(JSONObject())
        case .object:
            var all = members
            members = []
            for (place, slot) in nested { all[place].value = slot.take() }
            return .object(JSONObject(sorting: consume all))
        case .array:
            var all = items
            items = []
            for (place, slot) in nested { all[place] = slot.take() }
            return .array(all)
        }
    }

    func member(_ key: String, shape: Shape) -> Slot {
        let slot = Slot(shape: shape)
        nested.append((members.count, slot))
        members.append(JSONObject.Member(key: key, value: .null))
        return slot
    }

    func item(shape: Shape) -> Slot {
        let slot = Slot(shape: shape)
        nested.append((items.count, slot))
        items.append(.null)
        return slot
    }
}

private struct ValueEncoder: Encoder {
    let slot: Slot
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.beginObject()
        return KeyedEncodingContainer(KeyedContainer(slot: slot))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.shape = .array
        return UnkeyedContainer(slot: slot)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(slot: slot) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) { add(.null, key) }
    mutating func encode(_ value: String, forKey key: Key) { add(.string(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) { add(.integer(String(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        add(try JSONValueEncoder.encode(value), key)
    }

    private func add(_ value: JSONValue, _ key: Key) {
        slot.members.append(JSONObject.Member(key: key.stringValue, value: value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(KeyedContainer<NestedKey>(slot: slot.member(key.stringValue, shape: .object)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedContainer(slot: slot.member(key.stringValue, shape: .array))
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(slot: slot.member("super", shape: .single)) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(slot: slot.member(key.stringValue, shape: .single))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey] { [] }
    var count: Int { slot.items.count }

    mutating func encodeNil() { slot.items.append(.null) }
    mutating func encode(_ value: String) { slot.items.append(.string(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { slot.items.append(try JSONValueEncoder.encode(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(KeyedContainer<NestedKey>(slot: slot.item(shape: .object)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(slot: slot.item(shape: .array))
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(slot: slot.item(shape: .single)) }
}

/// Every primitive is spelled out: the standard library's integers and `Bool` encode themselves through
/// these, so a generic fallback would call back into itself.
private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() { slot.single = .null }
    mutating func encode(_ value: String) { slot.single = .string(value) }
    mutating func encode(_ value: Bool) throws { throw JSONValueEncoder.unsupported(value) }
    mutating func encode(_ value: Double) throws { throw JSONValueEncoder.unsupported(value) }
    mutating func encode(_ value: Float) throws { throw JSONValueEncoder.unsupported(value) }
    mutating func encode(_ value: Int) { integer(value) }
    mutating func encode(_ value: Int8) { integer(value) }
    mutating func encode(_ value: Int16) { integer(value) }
    mutating func encode(_ value: Int32) { integer(value) }
    mutating func encode(_ value: Int64) { integer(value) }
    mutating func encode(_ value: UInt) { integer(value) }
    mutating func encode(_ value: UInt8) { integer(value) }
    mutating func encode(_ value: UInt16) { integer(value) }
    mutating func encode(_ value: UInt32) { integer(value) }
    mutating func encode(_ value: UInt64) { integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { slot.single = try JSONValueEncoder.encode(value) }

    private func integer(_ value: some BinaryInteger) { slot.single = .integer(String(value)) }
}
