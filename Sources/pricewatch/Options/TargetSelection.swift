import ArgumentParser
import PricewatchCore

/// `--target ID` (repeatable), shared by the commands that work on configured targets.
struct TargetSelection: ParsableArguments {
    @Option(name: .customLong("target"), help: "Only these target ids (repeatable); all targets by default.")
    var ids: [String] = []

    /// The chosen targets in the order given, or every configured target; an unknown id exits with 64.
    func resolve(in config: Configuration) throws -> [Target] {
        try ids.isEmpty ? config.targets : ids.map { id in try usageError { try config.target(id: id) } }
    }
}
