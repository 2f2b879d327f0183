import ArgumentParser
import Foundation
import PricewatchCore

/// `--snapshots`, shared by every command that reads or writes snapshots.
struct SnapshotOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The snapshot folder.", valueName: "dir"))
    var snapshots = "snapshots"

    /// The store. Writes are batched; commands that write call ``synchronize(_:)`` once before they finish.
    func store() -> SnapshotStore {
        SnapshotStore(directory: URL(fileURLWithPath: snapshots), durability: .batched)
    }

    /// Records the run's sightings and flushes its writes, printing what the store worked around; says on
    /// stderr what failed and returns false when that did not work (the run's report is still printed).
    func synchronize(_ store: SnapshotStore) -> Bool {
        defer { for warning in store.warnings.all { printError("warning: \(warning)") } }
        do {
            try store.synchronize()
            return true
        } catch {
            printError("error: \(error)")
            return false
        }
    }

    /// Takes the run lock, or exits with status 2 and says which run holds it.
    func lock(_ store: SnapshotStore, wait: Bool) throws -> SnapshotLock {
        do {
            return try store.lock(wait: wait)
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.targetsFailed)
        }
    }
}
