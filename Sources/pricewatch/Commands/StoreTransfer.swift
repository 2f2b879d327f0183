import ArgumentParser
import Foundation
import PricewatchCore
import PricewatchPostgres

extension Pricewatch.Store {
    /// `pricewatch store import DIR`: copies a snapshot folder into the database.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Copy a snapshots/ folder into the PostgreSQL store.",
            discussion: """
                One transaction per target. Safe to run again, or after it was interrupted: versions the \
                database already holds are kept, and only what is missing is added.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The snapshot folder to copy.", valueName: "dir"))
        var folder: String

        func run() throws {
            let store = try database.recordStore()
            do {
                let summary = try store.importSnapshots(
                    from: SnapshotStore(directory: URL(fileURLWithPath: folder), durability: .synced))
                print(
                    "imported \(summary.targets) target(s) from \(folder) into \(store.location): "
                        + "\(summary.changes) new version(s)")
            } catch {
                printError("error: \(error)")
                throw ExitCode(ExitStatus.targetsFailed)
            }
        }
    }

    /// `pricewatch store export DIR`: writes the database's targets as a snapshot folder.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the PostgreSQL store's targets as a snapshots/ folder.",
            discussion: """
                The files are byte for byte what the folder store writes. Safe to run again: files that already \
                hold the right bytes are not rewritten.
                """
        )

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The snapshot folder to write (created if missing).", valueName: "dir"))
        var folder: String

        func run() throws {
            let store = try database.recordStore()
            do {
                let summary = try store.exportSnapshots(
                    to: SnapshotStore(directory: URL(fileURLWithPath: folder), durability: .synced))
                print(
                    "exported \(summary.targets) target(s) from \(store.location) into \(folder): "
                        + "\(summary.changes) file(s) written")
            } catch {
                printError("error: \(error)")
                throw ExitCode(ExitStatus.targetsFailed)
            }
        }
    }
}
