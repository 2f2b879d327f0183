/// A JSON object's members in the order its text lists them: keys in UTF-8 byte order, each key once.
///
/// Kept in that order from the start (the encoder and the reader sort a few members as they finish an
/// object) so that writing is a walk and a lookup compares a few short strings: as a dictionary, every
/// object cost a hash table, a hash per key going in and coming out, and an array of sorted keys.
package struct JSONObject: Equatable, Sendable {
    /// One member: a key and its value.
    package struct Member: Equatable, Sendable {
        package var key: String
        package var value: JSONValue

        package init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members, in key order.
    package private(set) var members: [Member]

    /// No members.
    package init() {
        members = []
    }

    /// The members of a dictionary.
    package init(_ dictionary: [String: JSONValue]) {
        self.init(sorting: dictionary.map { Member(key: $0.key, value: $0.value) })
    }

    /// The members in any order; of a key given more than once, the last one counts (as a dictionary's
    /// assignment, and `JSONEncoder`, would have it).
    ///
    /// The array is consumed and sorted in place: borrowed, its first change made a copy of it (an
    /// allocation and a retain and release a member).
    package init(sorting members: consuming [Member]) {
        guard Self.sort(&members) else {
            // Rare (no pricewatch type encodes a key twice): keep the last of each run of equal keys.
            let sorted = members.enumerated().sorted { left, right in
                JSONValue.keyPrecedes(left.element.key, right.element.key)
                    || (left.element.key == right.element.key && left.offset < right.offset)
            }
            self.members = []
            for (index, member) in sorted.enumerated()
            where index + 1 == sorted.count || sorted[index + 1].element.key != member.element.key {
                self.members.append(member.element)
            }
            return
        }
        self.members = members
    }

    /// The members as the reader found them in text; nil when a key is repeated, which the reader leaves to
    /// the decoder (it has its own rule for it).
    init?(reading members: consuming [Member]) {
        guard Self.sort(&members), !Self.repeatsText(members) else { return nil }
        self.members = members
    }

    /// Whether two keys have the same text in other bytes (a precomposed "é" and "e" with a combining
    /// accent): they are one key to `String`, to the decoder and to Foundation. Only non-ASCII keys can,
    /// and they need not sort side by side.
    private static func repeatsText(_ members: [Member]) -> Bool {
        func isASCII(_ member: Member) -> Bool {
            member.key.utf8.withContiguousStorageIfAvailable { !$0.contains { $0 >= 0x80 } } ?? false
        }
        guard !members.allSatisfy(isASCII) else { return false }
        let nonASCII = members.filter { !isASCII($0) }
        return nonASCII.indices.contains { index in
            nonASCII[(index + 1)...].contains { $0.key == nonASCII[index].key }
        }
    }

    /// How many members there are.
    package var count: Int { members.count }

    /// Whether there are none.
    package var isEmpty: Bool { members.isEmpty }

    /// The value of `key`, if the object has it.
    package subscript(key: String) -> JSONValue? {
        // Objects are short (a price has six members): comparing keys beats hashing or bisecting them.
        if members.count <= 16 {
            for member in members where member.key == key { return member.value }
            return nil
        }
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if JSONValue.keyPrecedes(members[middle].key, key) { low = middle + 1 } else { high = middle }
        }
        return low < members.count && members[low].key == key ? members[low].value : nil
    }

    /// Sorts `members` by key, insertion by insertion when they are few (they mostly come nearly in order);
    /// false when two members have the same key.
    private static func sort(_ members: inout [Member]) -> Bool {
        if members.count > 16 {
            members.sort { JSONValue.keyPrecedes($0.key, $1.key) }
        } else {
            // Members in order (as the reader finds them) leave the array untouched, so it is not copied; the
            // rest are swapped in its buffer (`remove(at:)` and `insert(_:at:)` each checked and moved the
            // array, and `Array.swapAt` copied the members it swapped).
            let indices = members.indices.dropFirst()
            if let unsorted = indices.first(where: { JSONValue.keyPrecedes(members[$0].key, members[$0 - 1].key) }) {
                members.withUnsafeMutableBufferPointer { members in
                    for index in unsorted..<members.count {
                        var place = index
                        while place > 0, JSONValue.keyPrecedes(members[place].key, members[place - 1].key) {
                            members.swapAt(place, place - 1)
                            place -= 1
                        }
                    }
                }
            }
        }
        for index in members.indices.dropFirst() where members[index - 1].key == members[index].key {
            return false
        }
        return true
    }
}
