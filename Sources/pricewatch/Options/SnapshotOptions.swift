import ArgumentParser
import Foundation
import PricewatchCore

/// `--snapshots`, shared by every command that reads or writes snapshots.
struct SnapshotOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The snapshot folder.", valueName: "dir"))
    var snapshots = "snapshots"

    func store() -> SnapshotStore {
        SnapshotStore(directory: URL(fileURLWithPath: snapshots))
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
