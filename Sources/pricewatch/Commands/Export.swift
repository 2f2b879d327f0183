import ArgumentParser
import PricewatchCore

extension Pricewatch {
    /// `pricewatch export`: the stored data as flat rows for spreadsheets and other tools.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export every target's latest prices, or the full price history, as JSON, NDJSON or CSV.",
            discussion: "Columns: target, vendor, plan, field, amount, currency, period, unit, raw, seen_at."
        )

        @OptionGroup var snapshotOptions: SnapshotOptions
        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "Output format: json, ndjson or csv.")
        var format: ExportFormat = .json

        @Flag(help: "Every stored version instead of the latest only.")
        var history = false

        @Option(help: "Only what was seen on or after this date (YYYY-MM-DD).")
        var since: String?

        func run() async throws {
            let exporter: Exporter
            do {
                exporter = try Exporter(
                    format: format.exporterFormat, scope: history ? .history : .latest, since: since)
            } catch {
                throw ValidationError(error.description)
            }
            let store = try snapshotOptions.recordStore(configOptions.loadIfPresent())
            var entries: [Exporter.Entry] = []
            var failed = false
            for id in try store.targets() {
                do {
                    let versions = try store.history(for: id)
                    entries += versions.map {
                        Exporter.Entry(record: $0.record, seenAt: history ? $0.firstSeen : $0.lastSeen)
                    }
                } catch {
                    printError("warning: \(id) skipped: \(error)")
                    failed = true
                }
            }
            FileHandleOutput.standardOutput.write(try exporter.export(entries))
            if failed { throw ExitCode(ExitStatus.targetsFailed) }
        }
    }
}

/// Export formats.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case json, ndjson, csv

    var exporterFormat: Exporter.Format {
        switch self {
        case .json: .json
        case .ndjson: .ndjson
        case .csv: .csv
        }
    }
}
