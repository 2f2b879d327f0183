import ArgumentParser
import Foundation
import PricewatchAutoExtraction
import PricewatchBrowser
import PricewatchCore
import PricewatchPostgres
import PricewatchReport
import PricewatchReportStream

extension Pricewatch {
    /// `pricewatch check`: the main job.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Fetch every target, compare with the stored snapshots, store and report the changes.",
            discussion: """
                Exit status: 0 success; 1 changes found (only with --exit-code); 2 some targets failed or the \
                snapshots are locked by another run; 64 bad usage or configuration; 130 interrupted by Ctrl-C \
                (SIGINT), 143 by SIGTERM, 129 by SIGHUP: what finished is stored and its alerts wait for the \
                next run or 'pricewatch notify'.
                """
        )

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var snapshotOptions: SnapshotOptions
        @OptionGroup var fetchFlags: FetchFlags

        @OptionGroup var targetSelection: TargetSelection

        @Option(help: "Output format.")
        var format: ReportFormat = .text

        @Flag(help: "Fetch and compare, but store nothing and send nothing (alerts are printed instead).")
        var dryRun = false

        @Flag(help: "Exit with status 1 when changes were found.")
        var exitCode = false

        @Flag(help: "Send no alerts.")
        var noNotify = false

        @Flag(help: "List unchanged targets too (text format).")
        var verbose = false

        @Flag(help: "Wait for another run holding the snapshot lock instead of exiting.")
        var wait = false

        @Option(
            help: ArgumentHelp("After the run, rewrite this HTML report (see 'pricewatch report').", valueName: "file"))
        var report: String?

        @OptionGroup var reportLook: ReportLook

        @Option(
            help: ArgumentHelp(
                "With a PostgreSQL store: how long a target stays claimed by a runner that stopped renewing it "
                    + "(killed) before another runner takes it over.",
                valueName: "seconds"))
        var lease: Int = 300

        func validate() throws {
            guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
            if report == nil && reportLook.isGiven {
                throw ValidationError(
                    "--title, --since and --locale shape the HTML report: add --report FILE, or leave them out")
            }
        }

        func run() async throws {
            let folder = snapshotOptions.store()
            // Reading the snapshot index overlaps parsing the configuration: both are needed before the
            // first fetch, and the second core was idle while the configuration of 1,000 targets was read.
            if snapshotOptions.givenLocation == nil { folder.preloadIndex() }
            let config = try configOptions.load()
            let store = try snapshotOptions.recordStore(config, folder: folder)
            let database = store as? PostgresRecordStore
            let chosen = try targetSelection.resolve(in: config)
            let interruption = Interruption()
            let lock = try dryRun ? nil : snapshotOptions.lock(store, wait: wait)
            defer { lock?.unlock() }
            let fetchOptions = fetchFlags.apply(to: config.fetch).fetchOptions
            let progress = ProgressLine(total: chosen.count)
            // Said once, before the run: the shipped notify.slack route without its variable is off, not failing.
            let alertConfig = noNotify ? config : Alerts.slackRouteSwitchedOff(config)
            let alerting = !dryRun && !noNotify && !alertConfig.notify.routes.isEmpty
            // Chromium starts only if a `render: browser` target is checked; the run shuts it down.
            let renderer = BrowserRenderer(
                options: .init(executable: config.render.browser, log: verbose ? Self.note : nil))
            let runner = CheckRunner(
                configuration: config, store: store,
                options: .init(
                    fetch: fetchOptions, dryRun: dryRun, onTargetFinished: progress.advance,
                    autoExtractor: AutoExtractor(), recordsPendingAlerts: alerting, renderer: renderer))
            // Each target's part of the report is written aside as it finishes; only the failures (and, for a
            // dry run's alerts, the changes) stay in memory.
            let spoolFormat = format.spoolFormat(verbose: verbose)
            let spool: ReportSpool
            let times: (startedAt: String, finishedAt: String)
            if let database, !dryRun {
                // Runners sharing the database split the targets between them through leases.
                let report = try await interruption.cancelling {
                    do {
                        let claims = try PostgresTargetClaims(
                            store: database, targets: chosen.map(\.id), lease: .seconds(lease))
                        return try await runner.run(targets: chosen, sharing: claims)
                    } catch let error as PostgresError {
                        // What was saved stays saved; the targets not finished pass to the next runner.
                        printError("error: \(error)")
                        throw ExitCode(ExitStatus.targetsFailed)
                    }
                }
                spool = ReportSpool(format: spoolFormat, count: report.targets.count)
                for (position, result) in report.targets.enumerated() { spool.receive(result, position: position) }
                times = (report.startedAt, report.finishedAt)
            } else {
                spool = ReportSpool(format: spoolFormat, count: chosen.count, keepsChanged: dryRun)
                times = try await interruption.cancelling { try await runner.run(targets: chosen, into: spool) }
            }
            progress.finish()
            let report = Report(startedAt: times.startedAt, finishedAt: times.finishedAt, targets: spool.kept)
            if !dryRun && !interruption.isInterrupted, database == nil {
                recordFailures(of: report, checked: chosen, in: folder)
            }
            // The report is printed only once the run's snapshot writes are flushed to disk.
            let stored = dryRun || snapshotOptions.synchronize(store)
            try spool.write(startedAt: times.startedAt, finishedAt: times.finishedAt) {
                FileHandleOutput.standardOutput.write(Data($0))
            }
            if let status = interruption.exitStatus {
                // The changes stored so far wait as pending alerts; the next run or `pricewatch notify` sends them.
                if alerting {
                    printError(
                        "the alerts for the changes stored so far are sent by the next run or 'pricewatch notify'")
                }
                throw ExitCode(status)
            }
            if let file = self.report { try writeReport(to: file, store: store) }
            if dryRun {
                try Alerts.printDryRun(
                    report, configuration: alertConfig, store: folder, fetch: fetchOptions, disabled: noNotify)
            } else if alerting {
                try await Alerts.deliver(
                    report, configuration: alertConfig, store: store, folder: folder, fetch: fetchOptions,
                    stopping: { interruption.isInterrupted })
            }
            if let status = interruption.exitStatus { throw ExitCode(status) }
            if !stored || spool.counts[.failed, default: 0] > 0 {
                throw ExitCode(ExitStatus.targetsFailed)
            }
            if exitCode && spool.counts[.changed, default: 0] > 0 {
                throw ExitCode(ExitStatus.changesFound)
            }
        }

        /// Prints a `--verbose` note to stderr.
        @Sendable static func note(_ text: String) {
            FileHandle.standardError.write(Data("note: \(text)\n".utf8))
        }
    }
}

extension Pricewatch.Check {
    /// Notes which targets are failing since when, for the HTML report; a failure to do so is only a warning.
    fileprivate func recordFailures(of report: PricewatchCore.Report, checked: TargetList, in store: SnapshotStore) {
        do {
            try store.recordFailures(
                report.targets.filter { $0.status == .failed }, amongChecked: checked.map(\.id), at: report.startedAt)
        } catch {
            printError("warning: could not record the failing targets: \(error)")
        }
    }

    /// Rewrites the HTML report over every stored target, so that cron can publish it after each run.
    fileprivate func writeReport(to file: String, store: any RecordStore) throws {
        do {
            try reportLook.report(targets: []).write(from: store, to: file)
        } catch {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.targetsFailed)
        }
    }
}

extension ReportFormat {
    /// The spool's format for `check`'s report.
    func spoolFormat(verbose: Bool) -> ReportSpool.Format {
        switch self {
        case .json: .json
        case .markdown: .markdown
        case .text: .text(colour: FileHandleOutput.standardOutput.isTerminal, verbose: verbose)
        }
    }
}

/// Output formats for reports.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown

    /// The report in this format; `verbose` lists unchanged targets too (text).
    func render(_ report: Report, verbose: Bool = false) throws -> Data {
        switch self {
        case .json: try PricewatchJSON.encode(report)
        case .markdown: Data(ReportRenderer.markdown(report).utf8)
        case .text:
            Data(
                ReportRenderer.text(report, colour: FileHandleOutput.standardOutput.isTerminal, verbose: verbose).utf8)
        }
    }
}
