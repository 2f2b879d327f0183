import PricewatchJSONCoding

/// `.index.json` read without Foundation's decoder when it is in the writer's own compact form: the decoder
/// took tens of milliseconds for 1,000 targets at the start of every run. Each entry is read through its
/// `Decodable` conformance from its own small tree, never a tree of the whole file (100,000 targets would
/// hold a few hundred megabytes). Anything else (a hand-edited file, another formatting, an escaped id) is
/// left to the decoder, so this only ever reads less, never wrongly.
extension SnapshotIndex {
    /// The entries of an index file in the writer's own form, or nil for the decoder to read.
    static func decodedAsWritten(_ bytes: [UInt8]) -> IndexTable? {
        var text = JSONTextReader(bytes: bytes)
        guard text.literal("{\"schema\":"), text.string() == SnapshotIndex.schemaID, text.literal(",\"targets\":{")
        else { return nil }
        var targets = IndexTable()
        if text.literal("}") { return text.literal("}\n") && text.atEnd ? targets : nil }
        repeat {
            guard let id = text.string(), text.literal(":"), let value = JSONValue.read(from: &text),
                let entry = try? JSONValueDecoder.decode(Entry.self, from: value), targets[id] == nil
            else { return nil }
            targets[id] = entry
        } while text.literal(",")
        return text.literal("}}\n") && text.atEnd ? targets : nil
    }
}
