import ArgumentParser
import PricewatchCore

/// `--target ID` (repeatable) and `--shard i/N`, shared by the commands that work on configured targets.
struct TargetSelection: ParsableArguments {
    @Option(name: .customLong("target"), help: "Only these target ids (repeatable); all targets by default.")
    var ids: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only the i-th of N shards of the targets, split by a stable hash of their ids, so N hosts or jobs "
                + "running 1/N ... N/N check every target exactly once (with either store).",
            valueName: "i/N"))
    var shard: TargetShard?

    /// The chosen targets in the order first given (each once: two checks of one target at once would race on
    /// its snapshot folder), or every configured target, then only the shard's; an unknown id exits with 64.
    func resolve(in config: Configuration) throws -> TargetList {
        var given = Set<String>()
        let chosen =
            try ids.isEmpty
            ? config.targets
            : TargetList(
                ids.filter { given.insert($0).inserted }.map { id in try usageError { try config.target(id: id) } })
        return shard.map { shard in TargetList(chosen.lazy.filter { shard.contains($0.id) }) } ?? chosen
    }
}

/// One of N static parts of the target list, written `i/N` with `1 <= i <= N`.
struct TargetShard: ExpressibleByArgument {
    let index: Int
    let count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (1...count).contains(index)
        else { return nil }
        self.index = index
        self.count = count
    }

    /// Whether the target belongs to this shard: FNV-1a of the id's UTF-8 bytes, which (unlike `hashValue`)
    /// is the same in every process, on every host and in every version.
    func contains(_ id: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count)) == index - 1
    }
}
