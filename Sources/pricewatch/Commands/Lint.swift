import ArgumentParser
import PricewatchAutoExtraction
import PricewatchCore
import PricewatchLint

extension Pricewatch {
    /// `pricewatch lint`: checks the rules against the stored pages, without fetching.
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check every rule of selectors.yml against the stored pages, without fetching.",
            discussion: """
                Reports selectors that match nothing, optional fields that are always empty, plans the differ \
                cannot tell apart and pages that no longer extract; 'site: auto' targets are read without rules \
                and reported when no plans are found or some are read with low confidence. Exit status: 0 nothing found, 1 findings, \
                64 bad usage or configuration.
                """
        )

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var snapshotOptions: SnapshotOptions
        @OptionGroup var targetSelection: TargetSelection

        func run() async throws {
            let config = try configOptions.load()
            let chosen = try targetSelection.resolve(in: config)
            let linter = Linter(
                configuration: config, store: try snapshotOptions.recordStore(config), autoExtractor: AutoExtractor())
            let findings = linter.findings(for: chosen)
            for finding in findings { print(finding) }
            let pages = chosen.count == 1 ? "1 target" : "\(chosen.count) targets"
            print(findings.isEmpty ? "\(pages): nothing found" : "\(pages): \(findings.count) finding(s)")
            if !findings.isEmpty { throw ExitCode(ExitStatus.changesFound) }
        }
    }
}
