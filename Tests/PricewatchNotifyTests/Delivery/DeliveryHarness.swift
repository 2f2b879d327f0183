import Foundation
import PricewatchCore
import PricewatchFetch
import PricewatchNotify
import PricewatchTestSupport

/// A snapshots folder in the temporary directory, removed by `cleanUp()`.
struct TemporarySnapshots {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "pricewatch-notify-\(UUID().uuidString)")

    var outbox: Outbox { Outbox(snapshotsDirectory: directory) }

    /// The text of every file under the snapshots folder (outbox entries included), for secret checks.
    func allFileContents() throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        return try enumerator.compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath }.map {
            String(decoding: try Data(contentsOf: $0), as: UTF8.self)
        }
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

/// Short timeouts and backoff so failure tests finish quickly.
let quickFetchOptions = FetchOptions(
    connectTimeout: .seconds(2), totalTimeout: .seconds(5), maxAttempts: 3, retryBaseDelay: .milliseconds(20),
    retryMaxDelay: .milliseconds(100), maxRetryAfter: .seconds(1))

/// A secret-looking path, so tests can check the URL never leaks anywhere.
let secretPath = "/services/T0SECRET/B0SECRET/xoxSecretToken123"

/// A notifier over `routes` (default: one Slack route reading `SLACK_TEST_URL`, set to `url`) with a fixed clock.
func makeNotifier(
    url: String, snapshots: TemporarySnapshots, routes: [NotifyRoute]? = nil, environment: [String: String]? = nil,
    tags: [String: [String]] = [:]
) throws -> Notifier {
    Notifier(
        settings: NotifySettings(
            routes: routes ?? [NotifyRoute(name: "slack", destination: .slack(urlVariable: "SLACK_TEST_URL"))]),
        tags: tags, environment: environment ?? ["SLACK_TEST_URL": url],
        fetcher: try Fetcher(options: quickFetchOptions),
        outbox: snapshots.outbox, now: { Date(timeIntervalSince1970: 1_780_000_000) })
}

/// A receiver URL that refuses connections: a server is started for a free port, then stopped.
func deadReceiverURL() throws -> String {
    let server = try LoopbackHTTPServer { _ in .status(200) }
    let url = server.url(secretPath)
    server.stop()
    return url
}
