import Foundation
import PricewatchCore
import PricewatchFetch
import PricewatchNotify
import PricewatchPostgres

/// Hands a finished run to the configured notifiers: prints the payloads on a dry run, else queues the alerts
/// for the changes the store holds pending and for the run's failures, delivers the outbox, and says on
/// stderr what could not be sent.
enum Alerts {
    static func printDryRun(
        _ report: Report, configuration: Configuration, store: SnapshotStore, fetch: FetchOptions, disabled: Bool
    ) throws {
        guard !disabled, !configuration.notify.routes.isEmpty else { return }
        let notifier = Notifier(
            configuration: configuration, snapshotsDirectory: store.directory, fetcher: try Fetcher(options: fetch))
        let payloads = try notifier.dryRun(report)
        if !payloads.isEmpty {
            printError("dry run: these alerts would be sent (nothing was sent):")
            FileHandleOutput.standardError.write(payloads)
        }
    }

    /// Delivers the pending changes and the queued alerts of `store`: a snapshot folder's outbox (call this while
    /// holding its lock), or a database's queue shared with other runners. Returns the summary after printing
    /// its errors.
    @discardableResult
    static func deliver(
        _ report: Report, configuration: Configuration, store: any RecordStore, folder: SnapshotStore,
        fetch: FetchOptions, stopping: @escaping @Sendable () -> Bool
    ) async throws -> Notifier.Summary {
        let notifier = Notifier(
            configuration: configuration, snapshotsDirectory: folder.directory, fetcher: try Fetcher(options: fetch))
        let summary: Notifier.Summary
        let kept: String
        if let database = store as? PostgresRecordStore {
            let queue = PostgresAlertQueue(store: database, runner: PostgresTargetClaims.runnerName())
            summary = await notifier.deliver(report, through: queue, stopping: stopping)
            kept = queue.location
        } else {
            let files = store as? SnapshotStore ?? folder
            summary = await notifier.deliver(report, pendingIn: files, stopping: stopping)
            kept = files.directory.path + "/.outbox"
        }
        for error in summary.errors {
            printError("warning: alert not delivered: \(error)")
        }
        if summary.queued > 0 {
            printError(
                "\(summary.queued) alert(s) kept in \(kept); they are sent first on the next run or by 'pricewatch notify'."
            )
        }
        return summary
    }

    /// The configuration without its `notify.slack` route when that route's variable is unset, after one line
    /// saying so: the default selectors.yml ships the route, and a user who has not exported the URL yet
    /// wants a hint, not a failure or alerts piling up in the outbox.
    static func slackRouteSwitchedOff(
        _ configuration: Configuration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Configuration {
        guard let slack = configuration.notify.routes.first(where: { $0.name == "slack" }),
            environment[slack.destination.urlVariable, default: ""].isEmpty
        else { return configuration }
        let variable = slack.destination.urlVariable
        printError(
            "Slack alerts are off: \(variable) is not set. To turn them on, export \(variable) with a Slack"
                + " incoming-webhook URL (or remove notify.slack from \(configuration.file); --no-notify hides this).")
        var without = configuration
        without.notify.routes.removeAll { $0.name == "slack" }
        return without
    }
}
