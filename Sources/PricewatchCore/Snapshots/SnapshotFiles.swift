import Foundation
import PricewatchHTML
import PricewatchJSONCoding

/// One stored version of a target's record, with when it was first and last seen.
public struct HistoryEntry: Hashable, Sendable, Codable {
    /// The version number, counting from 1; also the history file's name (`history/000001.json`).
    public var version: Int
    /// When this content was first fetched, ISO 8601 UTC.
    public var firstSeen: String
    /// When this content was last fetched (unchanged runs move this forward), ISO 8601 UTC.
    public var lastSeen: String
    /// The record as first stored.
    public var record: Record

    /// Creates an entry.
    public init(version: Int, firstSeen: String, lastSeen: String, record: Record) {
        self.version = version
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case version, record
        case firstSeen = "first_seen"
        case lastSeen = "last_seen"
    }
}

/// The HTTP validators of the response a stored page came from, for conditional requests.
public struct CacheValidators: Hashable, Sendable, Codable {
    /// The URL they belong to; validators of another URL must not be sent.
    public var url: String?
    /// The `ETag` response header.
    public var etag: String?
    /// The `Last-Modified` response header.
    public var lastModified: String?
    /// The charset the `Content-Type` header gave, so `reextract` decodes the stored page as `check` did.
    public var charset: String?
    /// `"browser"` when the stored page is the DOM a browser rendered (`render: browser`); absent for a
    /// page stored as served.
    public var rendered: String?

    /// Creates validators.
    public init(
        url: String?, etag: String? = nil, lastModified: String? = nil, charset: String? = nil, rendered: String? = nil
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.charset = charset
        self.rendered = rendered
    }

    enum CodingKeys: String, CodingKey {
        case url, etag, charset, rendered
        case lastModified = "last_modified"
    }

    /// Writes every key, null included, so `http.json` always has the same shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(etag, forKey: .etag)
        try c.encode(lastModified, forKey: .lastModified)
        try c.encode(charset, forKey: .charset)
        // Only rendered pages say so, which keeps every other http.json as it was.
        try c.encodeIfPresent(rendered, forKey: .rendered)
    }
}

/// What ``SnapshotStore/save(_:page:at:validators:)`` did.
public enum SaveOutcome: Hashable, Sendable {
    /// The target had no snapshot; this record is its first version.
    case baseline(version: Int)
    /// The record's content equals the stored one; only `last_seen` (and the validators) moved.
    case unchanged(version: Int)
    /// The content differed; a new version was stored and `latest.json` and `page.html` replaced.
    case updated(version: Int)

    /// The history version that now holds the record.
    public var version: Int {
        switch self {
        case .baseline(let version), .unchanged(let version), .updated(let version): version
        }
    }
}

extension Record {
    /// Whether two records say the same thing, regardless of when each was fetched.
    func hasSameContent(as other: Record) -> Bool {
        var copy = other
        copy.fetchedAt = fetchedAt
        return self == copy
    }
}

/// Decoding of snapshot files, turning any failure into a ``SnapshotError/Code/corruptFile`` naming the file.
enum SnapshotDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String) throws -> T {
        guard !bytes.isEmpty else { throw SnapshotError.corruptFile(file, "the file is empty") }
        do {
            return try PricewatchJSON.decode(type, from: bytes)
        } catch let error as DecodingError {
            throw SnapshotError.corruptFile(file, describe(error))
        } catch {
            throw SnapshotError.corruptFile(file, "\(error)")
        }
    }

    /// A one-line account of a decoding error: where in the document and what was wrong.
    private static func describe(_ error: DecodingError) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return path.isEmpty ? "" : " at '\(path.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)'\(at(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.debugDescription + at(context)
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return [context.debugDescription + at(context), underlying].compactMap { $0 }.joined(separator: ": ")
        @unknown default:
            return "\(error)"
        }
    }
}

extension HistoryEntry {
    /// The entry's history file and its record's `latest.json`, from one encoding of the record: the record's
    /// text is the entry's `record` member written on its own (with the `json` fast path off, Foundation
    /// encodes the two).
    func texts() throws -> (history: Data, latest: Data) {
        guard FastPath.json.isOn else { return (try PricewatchJSON.encode(self), try PricewatchJSON.encode(record)) }
        let tree = try JSONValueEncoder.encode(self)
        guard case .object(let members) = tree, let record = members[CodingKeys.record.stringValue] else {
            preconditionFailure("a history entry encodes as an object with a record")
        }
        return (Data(tree.text(pretty: true)), Data(record.text(pretty: true)))
    }
}
