import ArgumentParser
import PricewatchAutoExtraction
import PricewatchCore

extension Pricewatch {
    /// `pricewatch reextract`: applies edited rules to the stored pages.
    struct Reextract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reextract",
            abstract: "Rebuild records from the stored pages with the current selectors.yml, without fetching.",
            discussion: "Reports what the new rules change and stores the new records (unless --dry-run)."
        )

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var snapshotOptions: SnapshotOptions

        @OptionGroup var targetSelection: TargetSelection

        @Option(help: "Output format.")
        var format: ReportFormat = .text

        @Flag(help: "Report the changes but store nothing.")
        var dryRun = false

        func run() async throws {
            let config = try configOptions.load()
            let chosen = try targetSelection.resolve(in: config)
            let store = try snapshotOptions.recordStore(config)
            let lock = try dryRun ? nil : snapshotOptions.lock(store, wait: false)
            defer { lock?.unlock() }
            let report = CheckRunner(
                configuration: config, store: store, options: .init(dryRun: dryRun, autoExtractor: AutoExtractor())
            ).reextract(
                targets: chosen)
            let stored = dryRun || snapshotOptions.synchronize(store)
            FileHandleOutput.standardOutput.write(try format.render(report))
            if !stored || report.targets.contains(where: { $0.status == .failed }) {
                throw ExitCode(ExitStatus.targetsFailed)
            }
        }
    }
}
