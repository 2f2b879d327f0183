import Foundation
import PricewatchCore
import PricewatchFetch
import PricewatchNotify

/// Hands a finished report to the configured notifiers: prints the payloads on a dry run, else delivers
/// them (outbox first) and says on stderr what could not be sent.
enum Alerts {
    static func deliver(
        _ report: Report, configuration: Configuration, store: SnapshotStore, fetch: FetchOptions, dryRun: Bool,
        disabled: Bool
    ) async throws {
        guard !disabled, !configuration.notify.routes.isEmpty else { return }
        let notifier = Notifier(
            configuration: configuration, snapshotsDirectory: store.directory, fetcher: try Fetcher(options: fetch))
        if dryRun {
            let payloads = try notifier.dryRun(report)
            if !payloads.isEmpty {
                printError("dry run: these alerts would be sent (nothing was sent):")
                FileHandleOutput.standardError.write(payloads)
            }
            return
        }
        let summary = await notifier.deliver(report)
        for error in summary.errors {
            printError("warning: alert not delivered: \(error)")
        }
        if summary.queued > 0 {
            printError(
                "\(summary.queued) alert(s) kept in \(store.directory.path)/.outbox; they are sent first on the next run."
            )
        }
    }
}
