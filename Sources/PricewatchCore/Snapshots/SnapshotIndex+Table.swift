import PricewatchJSONCoding

/// The index's entries by target id, as a run holds them: the entries in one array and a dictionary from
/// each id to its entry's place.
///
/// A dictionary of the entries themselves (about 250 bytes each) keeps a quarter to a half of its buckets
/// empty: for 100,000 targets its buckets took 69 MB, and 104 MB while it grew to them. Here the buckets hold
/// 4-byte places, and the array only the entries there are.
struct IndexTable: Sendable, Equatable {
    private var places: [String: Int32] = [:]
    private var entries: [SnapshotIndex.Entry] = []

    /// No entries.
    init() {}

    /// The entries of a dictionary.
    init(_ dictionary: [String: SnapshotIndex.Entry]) {
        for (id, entry) in dictionary { self[id] = entry }
    }

    /// How many targets have an entry.
    var count: Int { entries.count }

    /// A target's entry; setting nil is not supported (an index only learns).
    subscript(id: String) -> SnapshotIndex.Entry? {
        get { places[id].map { entries[Int($0)] } }
        set {
            guard let newValue else { return }
            if let place = places[id] {
                entries[Int(place)] = newValue
            } else {
                places[id] = Int32(entries.count)
                entries.append(newValue)
            }
        }
    }

    /// The ids with an entry, in the index file's order (every JSON object's: UTF-8 byte order).
    func sortedIDs() -> [String] { places.keys.sorted(by: JSONValue.keyPrecedes) }

    /// The entries as a dictionary, for the JSON coders.
    var dictionary: [String: SnapshotIndex.Entry] {
        places.mapValues { entries[Int($0)] }
    }

    static func == (left: IndexTable, right: IndexTable) -> Bool {
        left.count == right.count && left.places.allSatisfy { right[$0.key] == left.entries[Int($0.value)] }
    }
}
