import ArgumentParser
import Foundation
import PricewatchCore

extension Pricewatch {
    /// `pricewatch diff`: compares two record files, or two stored versions of a target.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract:
                "Compare two pricewatch.record/1 files (such as snapshot history versions), or two stored versions "
                + "of a target, and print the changes.",
            discussion: """
                With --target, the versions come from the chosen store (--store, $PRICEWATCH_STORE, selectors.yml's \
                store.url_env, else --snapshots): the two given version numbers, or the last two. Exit status 1 \
                when they differ and --exit-code is given.
                """
        )

        @Argument(help: "The older and newer record files; with --target, the older and newer version numbers.")
        var records: [String] = []

        @Option(help: ArgumentHelp("Compare versions of this stored target instead of files.", valueName: "id"))
        var target: String?

        @OptionGroup var snapshotOptions: SnapshotOptions
        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "Output format: text, or json (a pricewatch.changes/1 document).")
        var format: ChangesFormat = .text

        @Flag(help: "Exit with status 1 when the records differ.")
        var exitCode = false

        func validate() throws {
            guard target != nil else {
                guard records.count == 2 else {
                    throw ValidationError("give two record files (OLD NEW), or --target ID to compare stored versions")
                }
                return
            }
            guard records.isEmpty || (records.count == 2 && records.allSatisfy { Int($0).map { $0 > 0 } == true })
            else {
                throw ValidationError(
                    "with --target, give two version numbers (such as 3 5; see 'pricewatch history'), or none for "
                        + "the last two")
            }
        }

        func run() async throws {
            let (before, after) = try target.map(storedVersions) ?? (readRecord(records[0]), readRecord(records[1]))
            let changes = Differ().changes(from: before, to: after)
            switch format {
            case .json:
                FileHandleOutput.standardOutput.write(
                    try PricewatchJSON.encode(ChangeSet(target: after.target, changes: changes)))
            case .text:
                let lines = changes.map { ChangeSummary.line(for: $0) + "\n" }.joined()
                FileHandleOutput.standardOutput.write(lines.isEmpty ? "no changes\n" : lines)
            }
            if exitCode && !changes.isEmpty { throw ExitCode(ExitStatus.changesFound) }
        }

        /// The two versions of a stored target that the arguments name, read from the chosen store.
        private func storedVersions(_ id: String) throws -> (Record, Record) {
            let (history, location) = try snapshotOptions.history(of: id, configOptions.loadIfPresent())
            let wanted = records.compactMap { Int($0) }
            let versions = wanted.isEmpty ? history.suffix(2).map(\.version) : wanted
            let found = versions.map { version in history.first { $0.version == version } }
            guard found.count == 2, let old = found[0], let new = found[1] else {
                let absent = zip(versions, found).filter { $0.1 == nil }.map { String($0.0) }
                let problem =
                    absent.isEmpty
                    ? "has \(history.count) stored version(s); there is nothing to compare yet"
                    : "has no version \(absent.joined(separator: " or ")); its versions are "
                        + history.map { String($0.version) }.joined(separator: ", ")
                printError("error: '\(id)' in \(location) \(problem)")
                throw ExitCode(ExitStatus.usage)
            }
            return (old.record, new.record)
        }

        private func readRecord(_ path: String) throws -> Record {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                // A snapshot history file wraps the record; a plain record file is the record itself.
                if let entry = try? PricewatchJSON.decoder().decode(HistoryEntry.self, from: data) {
                    return entry.record
                }
                return try PricewatchJSON.decoder().decode(Record.self, from: data)
            } catch {
                printError("error: \(path) is not a pricewatch.record/1 file (\(error))")
                throw ExitCode(ExitStatus.usage)
            }
        }
    }
}

/// Output formats for change lists.
enum ChangesFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
