import Foundation
import PricewatchCore
import PricewatchFetch

extension Notifier {
    /// A notifier for a loaded `selectors.yml`: its `notify:` routes, its targets' tags, and the outbox
    /// inside `snapshotsDirectory`. This is what `check`, `notify --test` and `--dry-run` build.
    ///
    /// - Parameters:
    ///   - configuration: the loaded configuration.
    ///   - snapshotsDirectory: the snapshots folder; the outbox is its `.outbox` subfolder.
    ///   - fetcher: sends the webhook requests (with its retries).
    ///   - environment: where URLs and secrets are read (the process environment by default).
    public init(
        configuration: Configuration, snapshotsDirectory: URL, fetcher: Fetcher,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.init(
            settings: configuration.notify,
            tags: Dictionary(configuration.targets.map { ($0.id, $0.tags) }, uniquingKeysWith: { $1 }),
            environment: environment, fetcher: fetcher, outbox: Outbox(snapshotsDirectory: snapshotsDirectory))
    }

    /// The alerts' JSON bodies, one per line (NDJSON), for `--dry-run`: exactly what would be POSTed, and
    /// nothing when nothing would be sent.
    ///
    /// - Throws: ``NotifyError`` if a document cannot be encoded.
    public func dryRun(_ report: Report) throws(NotifyError) -> String {
        try alerts(for: report).map { $0.body + "\n" }.joined()
    }
}
