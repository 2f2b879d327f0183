import ArgumentParser
import PricewatchCore
import PricewatchReport

extension Pricewatch {
    /// `pricewatch report`: one self-contained HTML file for analysts.
    struct ReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write one self-contained HTML report: overview, price-history charts and change logs.",
            discussion: """
                The file makes no requests and runs no script (a Content-Security-Policy forbids both), so it \
                can be mailed, attached or published as it is.
                """
        )

        @OptionGroup var snapshotOptions: SnapshotOptions
        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var look: ReportLook

        @Option(name: .customLong("target"), help: "Only these target ids (repeatable); all stored targets by default.")
        var targets: [String] = []

        @Option(help: ArgumentHelp("Where to write the report.", valueName: "file"))
        var out = "report.html"

        func run() async throws {
            let store = try snapshotOptions.recordStore(configOptions.loadIfPresent())
            do {
                try look.report(targets: targets).write(from: store, to: out)
            } catch {
                printError("error: \(error)")
                throw ExitCode(ExitStatus.usage)
            }
            printError("report written to \(out)")
        }
    }
}
