import ArgumentParser
import Foundation
import PricewatchCore

extension Pricewatch {
    /// `pricewatch diff`: compares two record files.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract:
                "Compare two pricewatch.record/1 files (such as snapshot history versions) and print the changes.",
            discussion: "Exit status 1 when they differ and --exit-code is given."
        )

        @Argument(help: "The older record file.")
        var old: String

        @Argument(help: "The newer record file.")
        var new: String

        @Option(help: "Output format: text, or json (a pricewatch.changes/1 document).")
        var format: ChangesFormat = .text

        @Flag(help: "Exit with status 1 when the records differ.")
        var exitCode = false

        func run() async throws {
            let before = try readRecord(old)
            let after = try readRecord(new)
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
