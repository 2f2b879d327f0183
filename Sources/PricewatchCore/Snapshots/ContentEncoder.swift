import PricewatchHTML
import Synchronization

/// Writes the canonical bytes of a value's content through its `Encodable` conformance, so that a model's
/// fields are declared once (its `CodingKeys` and `encode(to:)`) for its JSON, its snapshot files and its
/// ``Record/contentFingerprint``.
///
/// The bytes are self-delimiting, so two different contents never give the same bytes: strings with their
/// UTF-8 length first (`("ab", "c")` and `("a", "bc")` differ), arrays and dictionaries with their count
/// first, dictionaries in key order (insertion order does not matter), an optional with a 0 or 1 before it,
/// a field written only when present (`encodeIfPresent`) after a tag no length or count reaches (so the
/// fingerprints of records without it stay as they were), and a ``ContentTagged`` value's case before it.
/// Key names are not written: a type encodes its fields in one fixed order.
struct ContentEncoder {
    /// The content bytes of `value`, leaving out the top-level fields named in `excluded` (coding keys).
    static func bytes(of value: some Encodable, excluding excluded: Set<String> = []) -> [UInt8] {
        let sink = ContentSink()
        sink.write(value, excluding: excluded)
        return sink.bytes
    }
}

/// A value whose encodings of different cases could look alike (a text and a list of one text): its
/// ``contentTag`` goes into the content bytes before it.
protocol ContentTagged: SendableMetatype {
    /// A number for the value's case, different for every case.
    var contentTag: Int { get }
}

/// The growing content bytes, shared by every container of one ``ContentEncoder`` run.
private final class ContentSink {
    var bytes: [UInt8] = []
    /// Before a field that most values leave out, when it is present.
    static let presentFieldTag = Int(bitPattern: UInt(UInt64.max - 1))

    /// Whether the `fingerprint` fast path is on (`PRICEWATCH_PLAIN`): without it, every value is cast.
    private let typed = FastPath.fingerprint.isOn

    init() { bytes.reserveCapacity(4096) }

    /// A number in 8 little-endian bytes: lengths, counts, tags and integers.
    func count(_ value: Int) { Self.append(value, to: &bytes) }

    /// A text's UTF-8 length, then its bytes, in one access to ``bytes`` (each access of a class's stored
    /// property is checked for exclusivity at run time).
    func string(_ text: String) {
        Self.append(text, to: &bytes)
    }

    private static func append(_ value: Int, to bytes: inout [UInt8]) {
        let word = UInt64(truncatingIfNeeded: value)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        append(text.utf8.count, to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    /// What each type seen is, found once per process: a cast to a protocol looks up conformances, and a
    /// record holds the same few types dozens of times (casting every value was most of a fingerprint).
    /// The run's own list is searched first; it holds the dozen types of a record.
    private var kinds: [(type: ObjectIdentifier, kind: Kind)] = []
    private static let knownKinds = Mutex<[ObjectIdentifier: Kind]>([:])

    /// An optional, array or dictionary writes its count or presence and then its elements
    /// (``ContentContainer``); a ``ContentTagged`` value its tag first; any other value its own `encode(to:)`.
    /// The protocol's metatype is kept, so a value is written through it without being cast again.
    private enum Kind: Sendable {
        case container(any ContentContainer.Type)
        case tagged(any ContentTagged.Type)
        case plain
    }

    func write<T: Encodable>(_ value: T, excluding excluded: Set<String> = []) {
        guard typed else { return writeCasting(value, excluding: excluded) }
        // The commonest leaves, told by their type alone.
        if T.self == String.self { return string(unsafeBitCast(value, to: String.self)) }
        if T.self == String?.self {
            guard let text = unsafeBitCast(value, to: String?.self) else { return count(0) }
            count(1)
            return string(text)
        }
        if T.self == Int.self { return count(unsafeBitCast(value, to: Int.self)) }
        switch kind(of: T.self) {
        case .plain: encode(value, excluding: excluded)
        case .container(let container): write(value, as: container)
        case .tagged(let tagged):
            count(tag(of: value, as: tagged))
            encode(value, excluding: excluded)
        }
    }

    private func kind<T: Encodable>(of type: T.Type) -> Kind {
        let id = ObjectIdentifier(type)
        if let known = kinds.first(where: { $0.type == id }) { return known.kind }
        let kind = Self.knownKinds.withLock { known in
            if let kind = known[id] { return kind }
            let kind: Kind =
                if let container = type as? any ContentContainer.Type {
                    .container(container)
                } else if let tagged = type as? any ContentTagged.Type {
                    .tagged(tagged)
                } else {
                    .plain
                }
            known[id] = kind
            return kind
        }
        kinds.append((id, kind))
        return kind
    }

    /// `value` through its type's ``ContentContainer`` conformance: `Container` is `T`, found by ``kind(of:)``.
    private func write<T, Container: ContentContainer>(_ value: T, as _: Container.Type) {
        (value as! Container).writeContent(to: self)
    }

    private func tag<T, Tagged: ContentTagged>(of value: T, as _: Tagged.Type) -> Int {
        (value as! Tagged).contentTag
    }

    private func encode(_ value: some Encodable, excluding excluded: Set<String>) {
        do {
            try value.encode(to: ContentEncoding(sink: self, excluded: excluded))
        } catch {
            preconditionFailure("content bytes of \(type(of: value)): \(error)")  // model encoders do not throw
        }
    }

    /// The plain way, kept for the `fingerprint` switch: every value cast to the content protocols.
    private func writeCasting(_ value: some Encodable, excluding excluded: Set<String>) {
        // Containers first: a cast to String or Int would look through an optional.
        switch value {
        case let container as any ContentContainer: container.writeContent(to: self)
        case let text as String: string(text)
        case let number as Int: count(number)
        default:
            if let tagged = value as? any ContentTagged { count(tagged.contentTag) }
            encode(value, excluding: excluded)
        }
    }
}

// Containers write their elements through `write` with the element type known, so no element is copied
// into an existential box (a plan is too large for one's inline buffer: boxing every element of a record's
// arrays was a heap allocation each).
private protocol ContentContainer: SendableMetatype { func writeContent(to sink: ContentSink) }

extension Optional: ContentContainer where Wrapped: Encodable {
    fileprivate func writeContent(to sink: ContentSink) {
        if let wrapped = self {
            sink.count(1)
            sink.write(wrapped)
        } else {
            sink.count(0)
        }
    }
}

extension Array: ContentContainer where Element: Encodable {
    fileprivate func writeContent(to sink: ContentSink) {
        sink.count(count)
        for element in self { sink.write(element) }
    }
}

extension Dictionary: ContentContainer where Key == String, Value: Encodable {
    fileprivate func writeContent(to sink: ContentSink) {
        sink.count(count)
        for (key, element) in sorted(by: { $0.key < $1.key }) {
            sink.string(key)
            sink.write(element)
        }
    }
}

private struct ContentEncoding: Encoder {
    let sink: ContentSink
    let excluded: Set<String>
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContent(sink: sink, excluded: excluded))
    }

    /// Arrays are written before they reach here, with their count first; a count cannot come first through
    /// an unkeyed container, so a model type that encodes one fails the fingerprint tests.
    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnkeyedContent() }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContent(sink: sink) }
}

private struct KeyedContent<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: ContentSink
    let excluded: Set<String>
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) { sink.count(0) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) {
        guard excluded.isEmpty || !excluded.contains(key.stringValue) else { return }
        sink.write(value)
    }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) { present(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) { present(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) { present(value, key) }

    private func present(_ value: (some Encodable)?, _ key: Key) {
        guard let value, excluded.isEmpty || !excluded.contains(key.stringValue) else { return }
        sink.count(ContentSink.presentFieldTag)
        sink.write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        KeyedEncodingContainer(KeyedContent<NestedKey>(sink: sink, excluded: []))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { UnkeyedContent() }
    mutating func superEncoder() -> any Encoder { ContentEncoding(sink: sink, excluded: []) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ContentEncoding(sink: sink, excluded: []) }
}

private struct SingleContent: SingleValueEncodingContainer {
    let sink: ContentSink
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() { sink.count(0) }
    mutating func encode<T: Encodable>(_ value: T) { sink.write(value) }
}

/// Stops the program: a model type that encodes an unkeyed container other than an array's has content
/// bytes no count can delimit (see ``ContentEncoding/unkeyedContainer()``); the fingerprint tests encode
/// every model type.
private struct UnkeyedContent: UnkeyedEncodingContainer {
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }

    private func refuse() -> Never {
        preconditionFailure("content bytes need an array's count before its elements: encode an Array")
    }

    mutating func encodeNil() { refuse() }
    mutating func encode<T: Encodable>(_ value: T) { refuse() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    { refuse() }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { refuse() }
    mutating func superEncoder() -> any Encoder { refuse() }
}
