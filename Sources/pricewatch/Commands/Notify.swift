import ArgumentParser
import Foundation
import PricewatchCore
import PricewatchFetch
import PricewatchNotify
import PricewatchPostgres

extension Pricewatch {
    /// `pricewatch notify`: tests the alert set-up or sends what waits in the outbox.
    struct Notify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify",
            abstract: "Send a test alert to every configured destination, or flush the outbox.",
            discussion: "Webhook URLs come from the environment variables named in selectors.yml's notify section."
        )

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var snapshotOptions: SnapshotOptions

        @Flag(help: "Send a test message to every destination (nothing is taken from the outbox).")
        var test = false

        func run() async throws {
            let config = try configOptions.load()
            guard !config.notify.routes.isEmpty else {
                printError(
                    "error: no notify destinations in \(config.file); add a 'notify:' section (see docs/selectors.md)")
                throw ExitCode(ExitStatus.usage)
            }
            let notifier = Notifier(
                configuration: config, snapshotsDirectory: snapshotOptions.store().directory,
                fetcher: try Fetcher(options: config.fetch.fetchOptions))
            if test {
                do {
                    try await notifier.sendTestMessage()
                    print("test message sent")
                } catch {
                    printError("error: \(error)")
                    throw ExitCode(ExitStatus.targetsFailed)
                }
                return
            }
            // Pending changes are queued under the lock, as a check would: a run under way still writes them.
            // Runners sharing a database need none: each pending change and alert is claimed by one of them.
            let store = try snapshotOptions.recordStore(config)
            let interruption = Interruption()
            let lock = try snapshotOptions.lock(store, wait: false)
            defer { lock?.unlock() }
            let empty = Report(startedAt: Timestamp.now(), finishedAt: Timestamp.now(), targets: [])
            let summary: Notifier.Summary
            if let database = store as? PostgresRecordStore {
                let queue = PostgresAlertQueue(store: database, runner: PostgresTargetClaims.runnerName())
                summary = await notifier.deliver(empty, through: queue, stopping: { interruption.isInterrupted })
            } else {
                summary = await notifier.deliver(
                    empty, pendingIn: store as? SnapshotStore ?? snapshotOptions.store(),
                    stopping: { interruption.isInterrupted })
            }
            for error in summary.errors { printError("warning: \(error)") }
            print("\(summary.delivered) delivered, \(summary.queued) still queued")
            if let status = interruption.exitStatus { throw ExitCode(status) }
            if !summary.errors.isEmpty { throw ExitCode(ExitStatus.targetsFailed) }
        }
    }
}
