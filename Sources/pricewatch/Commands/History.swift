import ArgumentParser
import Foundation
import PricewatchCore

extension Pricewatch {
    /// `pricewatch history`: a target's price history.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Print a target's price history: every stored version's prices with when they were seen."
        )

        @OptionGroup var snapshotOptions: SnapshotOptions
        @OptionGroup var configOptions: ConfigOptions

        @Argument(help: "The target id, such as costbench/kling-api.")
        var id: String

        @Option(help: "Only plans whose name contains this text (case-insensitive).")
        var plan: String?

        @Option(help: "Output format: text (a table) or json (export rows).")
        var format: ChangesFormat = .text

        func run() async throws {
            let (entries, location) = try snapshotOptions.history(of: id, configOptions.loadIfPresent())
            guard !entries.isEmpty else {
                printError(
                    "error: no history for '\(id)' in \(location); run 'pricewatch check' first")
                throw ExitCode(ExitStatus.usage)
            }
            var rows = try Exporter(format: .json, scope: .history)
                .rows(for: entries.map { Exporter.Entry(record: $0.record, seenAt: $0.firstSeen) })
            if let plan { rows = rows.filter { $0.plan?.localizedCaseInsensitiveContains(plan) == true } }
            switch format {
            case .json:
                FileHandleOutput.standardOutput.write(try PricewatchJSON.encode(rows))
            case .text:
                let table = rows.map { [$0.seenAt, $0.plan ?? "", $0.field, $0.raw] }
                FileHandleOutput.standardOutput.write(
                    TextTable.render(header: ["seen", "plan", "field", "price"], rows: table))
            }
        }
    }
}
