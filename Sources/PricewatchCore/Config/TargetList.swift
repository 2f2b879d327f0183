/// The targets of a configuration, in file order, kept compactly: a run over 100,000 targets holds the list
/// for its whole length, and as an array of ``Target`` values it took about 400 bytes a target (40 MB).
///
/// A target with only an id, a site and a URL (nearly all of them) is kept as its id's and URL's bytes in
/// one shared buffer and a 12-byte row; a target with anything more (tags, `ignore`, `headers`, render keys,
/// `min_change_pct`) is kept whole. Reading an element builds its ``Target``, equal to the one appended.
public struct TargetList: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// Where one target is: the ends of its id and URL in `text` (each starts where the previous part
    /// ends), and its site's index in `siteNames`, or `-1 - i` for `whole[i]`.
    private struct Row: Sendable {
        var idEnd: UInt32
        var urlEnd: UInt32
        var site: Int32
    }

    /// The ids and URLs of the compact targets, one after another.
    private var text: [UInt8] = []
    private var rows: [Row] = []
    /// Site names used by compact targets, each once.
    private var siteNames: [String] = []
    private var siteIndex: [String: Int32] = [:]
    /// Targets kept whole.
    private var whole: [Target] = []

    /// No targets.
    public init() {}

    /// The targets of a sequence, in its order.
    public init(_ targets: some Sequence<Target>) {
        for target in targets { append(target) }
    }

    /// The targets listed, in order.
    public init(arrayLiteral targets: Target...) {
        self.init(targets)
    }

    /// Adds a target at the end.
    public mutating func append(_ target: Target) {
        let end = text.count + target.id.utf8.count + target.url.utf8.count
        // Anything beyond id, site and URL, now or in a later version of `Target`, keeps the target whole.
        guard end <= UInt32.max, target == Target(id: target.id, site: target.site, url: target.url) else {
            whole.append(target)
            rows.append(Row(idEnd: textEnd, urlEnd: textEnd, site: -Int32(whole.count)))
            return
        }
        text += target.id.utf8
        let idEnd = UInt32(text.count)
        text += target.url.utf8
        rows.append(Row(idEnd: idEnd, urlEnd: UInt32(text.count), site: siteNumber(target.site)))
    }

    private var textEnd: UInt32 { rows.last?.urlEnd ?? 0 }

    private mutating func siteNumber(_ name: String) -> Int32 {
        if let number = siteIndex[name] { return number }
        let number = Int32(siteNames.count)
        siteNames.append(name)
        siteIndex[name] = number
        return number
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }

    public subscript(position: Int) -> Target {
        let row = rows[position]
        if row.site < 0 { return whole[Int(-1 - row.site)] }
        let start = position == 0 ? 0 : Int(rows[position - 1].urlEnd)
        return text.withUnsafeBufferPointer { bytes in
            Target(
                id: String(decoding: bytes[start..<Int(row.idEnd)], as: UTF8.self), site: siteNames[Int(row.site)],
                url: String(decoding: bytes[Int(row.idEnd)..<Int(row.urlEnd)], as: UTF8.self))
        }
    }

    /// Whether both lists hold equal targets in the same order.
    public static func == (left: TargetList, right: TargetList) -> Bool {
        left.elementsEqual(right)
    }
}

extension TargetList: CustomStringConvertible {
    /// The targets, written as an array of them.
    public var description: String { Array(self).description }
}

/// The ids of a target list being read, compared without case, to find a duplicate and where its first
/// target was: a dictionary of every lower-cased id with its target's id took 30 MB at 100,000 targets, while
/// this keeps a hash and a line a target and reads the first target's id back from the list.
struct TargetIDsSeen {
    private var positionByHash: [Int: Int32] = [:]
    /// Each listed target's line, or -1 when unknown, by position in the list.
    private var lines: [Int32] = []
    /// Lower-cased ids whose hash an earlier, different id has, with their position.
    private var collided: [String: Int] = [:]
    private let hash: @Sendable (String) -> Int

    /// No ids seen; `hash` is replaced only by tests, to make ids collide.
    init(hash: @escaping @Sendable (String) -> Int = { $0.hashValue }) {
        self.hash = hash
    }

    /// The id and line of the earlier target in `targets` whose id equals `id` but for case; nil when there
    /// is none, after noting `id` (with `line`) as the next target to be appended to `targets`.
    mutating func earlier(than id: String, line: Int?, in targets: TargetList) -> (id: String, line: Int?)? {
        let key = id.lowercased()
        let hash = hash(key)
        if let position = positionByHash[hash] {
            let first = targets[Int(position)].id
            if first.lowercased() == key { return (first, self.line(at: Int(position))) }
            if let other = collided[key] { return (targets[other].id, self.line(at: other)) }
            collided[key] = targets.count
        } else {
            positionByHash[hash] = Int32(truncatingIfNeeded: targets.count)
        }
        lines.append(line.map { Int32(clamping: $0) } ?? -1)
        return nil
    }

    private func line(at position: Int) -> Int? {
        lines[position] < 0 ? nil : Int(lines[position])
    }
}
