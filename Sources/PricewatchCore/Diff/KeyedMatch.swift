/// Pairs up the items of an old and a new list by a normalised key, ignoring order.
///
/// Plans, features and alternatives are all matched this way, so reordering a page never reads as a
/// change. An item whose key appears several times is matched occurrence by occurrence.
struct KeyedMatch<Item> {
    /// Items present in both lists, in new-list order.
    var pairs: [(old: Item, new: Item)] = []
    /// Items only in the new list, in new-list order.
    var added: [Item] = []
    /// Items only in the old list, in old-list order.
    var removed: [Item] = []

    init(old: [Item], new: [Item], key: (Item) -> String) {
        var unmatched: [String: [Int]] = [:]
        for (index, item) in old.enumerated() {
            unmatched[key(item), default: []].append(index)
        }
        var matchedOld = Set<Int>()
        for item in new {
            let itemKey = key(item)
            if var queue = unmatched[itemKey], !queue.isEmpty {
                let index = queue.removeFirst()
                unmatched[itemKey] = queue
                matchedOld.insert(index)
                pairs.append((old[index], item))
            } else {
                added.append(item)
            }
        }
        removed = old.indices.filter { !matchedOld.contains($0) }.map { old[$0] }
    }
}

/// The comparison key for names and texts from a page: whitespace runs collapsed, case folded.
///
/// Pages re-render with different spacing and capitalisation without meaning anything by it.
func textKey(_ text: String) -> String {
    text.collapsingWhitespace.lowercased()
}

/// Whether two optional texts differ once spacing and case are ignored.
func textsDiffer(_ old: String?, _ new: String?) -> Bool {
    old.map(textKey) != new.map(textKey)
}

extension Plan {
    /// The key plans are matched by across versions (whitespace collapsed, case folded), so that readers of
    /// the history, such as the HTML report, pair plans exactly as the differ does.
    public var matchKey: String { textKey(name) }
}
