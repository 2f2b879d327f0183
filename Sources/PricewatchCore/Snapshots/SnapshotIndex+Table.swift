import PricewatchJSONCoding

/// The index's entries by target id, as a run holds them: the entries in blocks of a fixed size and a
/// dictionary from each id to its entry's place.
///
/// A dictionary of the entries themselves (about 250 bytes each) keeps a quarter to a half of its buckets
/// empty: for 100,000 targets its buckets took 69 MB, and 104 MB while it grew to them. Here the buckets hold
/// 4-byte places. One array of the entries took up to twice their size while it grew by doubling (49 MB at
/// its peak for 100,000 entries of 25 MB); blocks that are each allocated once at their full size leave at
/// most one block unused and are never copied.
struct IndexTable: Sendable, Equatable {
    private var places: [String: Int32] = [:]
    private var blocks: [[SnapshotIndex.Entry]] = []
    private(set) var count = 0
    /// Entries a block holds: about 250 KB of them.
    private static let blockSize = 1024

    /// No entries.
    init() {}

    /// The entries of a dictionary.
    init(_ dictionary: [String: SnapshotIndex.Entry]) {
        for (id, entry) in dictionary { self[id] = entry }
    }

    /// A target's entry; setting nil is not supported (an index only learns).
    subscript(id: String) -> SnapshotIndex.Entry? {
        get { places[id].map { self[place: $0] } }
        set {
            guard let newValue else { return }
            if let place = places[id] {
                self[place: place] = newValue
            } else {
                places[id] = Int32(count)
                if count % Self.blockSize == 0 {
                    blocks.append([])
                    blocks[blocks.count - 1].reserveCapacity(Self.blockSize)
                }
                blocks[blocks.count - 1].append(newValue)
                count += 1
            }
        }
    }

    private subscript(place place: Int32) -> SnapshotIndex.Entry {
        get { blocks[Int(place) / Self.blockSize][Int(place) % Self.blockSize] }
        set { blocks[Int(place) / Self.blockSize][Int(place) % Self.blockSize] = newValue }
    }

    /// The ids with an entry, in the index file's order (every JSON object's: UTF-8 byte order).
    func sortedIDs() -> [String] { places.keys.sorted(by: JSONValue.keyPrecedes) }

    /// The entries as a dictionary, for the JSON coders.
    var dictionary: [String: SnapshotIndex.Entry] {
        places.mapValues { self[place: $0] }
    }

    static func == (left: IndexTable, right: IndexTable) -> Bool {
        left.count == right.count && left.places.allSatisfy { right[$0.key] == left[place: $0.value] }
    }
}
