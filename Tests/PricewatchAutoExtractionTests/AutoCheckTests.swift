import Foundation
import PricewatchCore
import PricewatchFetch
import PricewatchTestSupport
import Synchronization
import Testing

@testable import PricewatchAutoExtraction

/// `check` and `reextract` with `site: auto` targets, against a real loopback server and snapshots on disk.
@Suite struct AutoCheckTests {
    /// A loopback server whose one page the test swaps between runs.
    final class Site: Sendable {
        final class Page: Sendable {
            let text = Mutex<String>("")
        }

        private let current = Page()
        let server: LoopbackHTTPServer

        init() throws {
            let current = self.current
            server = try LoopbackHTTPServer { _ in
                LoopbackResponse(
                    status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                    body: .bytes(Array(current.text.withLock { $0 }.utf8)))
            }
        }

        func serve(_ html: String) { current.text.withLock { $0 = html } }
    }

    static func run(_ config: Configuration, _ store: SnapshotStore) async throws -> Report {
        let options = CheckRunner.Options(fetch: FetchOptions(maxAttempts: 1), autoExtractor: AutoExtractor())
        return try await CheckRunner(configuration: config, store: store, options: options).run()
    }

    @Test func autoTargetsAreCheckedStoredAndDiffedLikeRuleTargets() async throws {
        try await withTemporaryFolder { folder in
            let site = try Site()
            defer { site.server.stop() }
            site.serve(SyntheticPages.cards)
            let config = try Configuration.parse(
                yaml: "targets:\n  - {id: acme/pricing, site: auto, url: \"\(site.server.url("/pricing"))\"}\n")
            let store = SnapshotStore(directory: folder)

            let first = try await Self.run(config, store)
            #expect(first.targets.map(\.status) == [.new])
            let stored = try #require(try store.latest(for: "acme/pricing"))
            #expect(stored.extraction == "auto" && stored.site == "auto")
            #expect(stored.plans.map(\.name) == ["Starter", "Team", "Enterprise"])

            // The same page again: the same record, so nothing is reported.
            let second = try await Self.run(config, store)
            #expect(second.targets.map(\.status) == [.unchanged])
            #expect(second.targets[0].changes.isEmpty)

            // A price change is one change.
            site.serve(SyntheticPages.cards.replacingOccurrences(of: "$29", with: "$35"))
            let third = try await Self.run(config, store)
            #expect(third.targets.map(\.status) == [.changed])
            #expect(third.targets[0].changes.map(\.kind) == [.priceChanged])

            // The page loses its pricing: an extraction failure that keeps the snapshot, never "plans removed".
            site.serve(SyntheticPages.faq)
            let fourth = try await Self.run(config, store)
            #expect(fourth.targets.map(\.status) == [.failed])
            #expect(fourth.targets[0].changes.map(\.kind) == [.extractionFailed])
            #expect(try store.latest(for: "acme/pricing")?.plans.count == 3)

            // reextract reads the stored page without rules too.
            let options = CheckRunner.Options(autoExtractor: AutoExtractor())
            let again = CheckRunner(configuration: config, store: store, options: options).reextract()
            #expect(again.targets.map(\.status) == [.unchanged])
        }
    }

    @Test func aRunnerWithoutAZeroConfigReaderFailsAutoTargetsBeforeFetching() async throws {
        try await withTemporaryFolder { folder in
            let site = try Site()
            defer { site.server.stop() }
            let config = try Configuration.parse(
                yaml: "targets:\n  - {id: acme/pricing, site: auto, url: \"\(site.server.url("/pricing"))\"}\n")
            let report = try await CheckRunner(
                configuration: config, store: SnapshotStore(directory: folder),
                options: CheckRunner.Options(fetch: FetchOptions(maxAttempts: 1))
            ).run()
            #expect(report.targets.map(\.status) == [.failed])
            #expect(report.targets[0].error?.contains("autoExtractor") == true)
            #expect(site.server.requests.isEmpty)
        }
    }
}
