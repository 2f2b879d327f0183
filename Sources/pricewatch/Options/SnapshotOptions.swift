import ArgumentParser
import Foundation
import PricewatchCore
import PricewatchPostgres

/// `--snapshots` and `--store`, shared by every command that reads or writes snapshots.
struct SnapshotOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The snapshot folder.", valueName: "dir"))
    var snapshots = "snapshots"

    @Option(
        name: .customLong("store"),
        help: ArgumentHelp(
            "Where records are kept: a postgres:// URL or libpq key=value string selects PostgreSQL, a path a "
                + "snapshot folder (default: $PRICEWATCH_STORE, then selectors.yml's store.url_env, then "
                + "--snapshots). Prefer the environment: a password on the command line shows in the process list.",
            valueName: "url-or-dir"))
    var location: String?

    /// The snapshot folder. Writes are batched; commands that write call ``synchronize(_:)`` once before they
    /// finish.
    func store() -> SnapshotStore {
        SnapshotStore(directory: URL(fileURLWithPath: snapshots), durability: .batched)
    }

    /// The location given by `--store` or `PRICEWATCH_STORE`, if any.
    var givenLocation: String? {
        location ?? ProcessInfo.processInfo.environment["PRICEWATCH_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The chosen store: `--store`, then `PRICEWATCH_STORE`, then the variable `store.url_env` names in
    /// `configuration`, then `folder` (the snapshot folder). A PostgreSQL store that cannot be opened exits with
    /// status 2 saying what to check, the password masked.
    func recordStore(_ configuration: Configuration?, folder: SnapshotStore? = nil) throws -> any RecordStore {
        var given = givenLocation
        if given == nil, let variable = configuration?.store?.urlVariable {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                printError(
                    "error: \(configuration?.file ?? "selectors.yml") keeps records in the store named by "
                        + "store.url_env, but \(variable) is not set; export it with the database URL "
                        + "(see docs/postgres.md), or remove 'store:' to keep records in \(snapshots)/")
                throw ExitCode(ExitStatus.usage)
            }
            given = value
        }
        guard let given else { return folder ?? store() }
        guard let database = PostgresLocation(given) else {
            return SnapshotStore(directory: URL(fileURLWithPath: given), durability: .batched)
        }
        do {
            return try PostgresRecordStore(location: database)
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.targetsFailed)
        }
    }

    /// A target's stored versions, oldest first, from the chosen store, with where that store is (for
    /// messages). A store that cannot be read is reported on stderr and ends the command with status 2.
    func history(of id: String, _ configuration: Configuration?) throws -> (entries: [HistoryEntry], location: String) {
        let store = try recordStore(configuration)
        do {
            return (try store.history(for: id), describe(store))
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.targetsFailed)
        }
    }

    /// Where the records are, for messages; a database's password is masked.
    func describe(_ store: any RecordStore) -> String {
        (store as? PostgresRecordStore).map { "\($0.location)" } ?? (store as? SnapshotStore)?.directory.path
            ?? snapshots
    }

    /// Records the run's sightings and flushes its writes, printing what the store worked around; says on
    /// stderr what failed and returns false when that did not work (the run's report is still printed).
    func synchronize(_ store: any RecordStore) -> Bool {
        defer {
            for warning in (store as? SnapshotStore)?.warnings.all ?? [] { printError("warning: \(warning)") }
        }
        do {
            try store.synchronize()
            return true
        } catch {
            printError("error: \(error)")
            return false
        }
    }

    /// Takes a snapshot folder's run lock, or exits with status 2 and says which run holds it. A database
    /// needs none: its runners share the targets through leases.
    func lock(_ store: any RecordStore, wait: Bool) throws -> SnapshotLock? {
        guard let folder = store as? SnapshotStore else { return nil }
        do {
            return try folder.lock(wait: wait)
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.targetsFailed)
        }
    }
}
