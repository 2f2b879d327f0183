import Foundation
import PricewatchBrowser
import PricewatchCore
import PricewatchDevTools
import PricewatchFetch
import PricewatchTestSupport
import Testing

/// A target line for the test configuration: its id, path on the site and extra keys.
struct TestTarget {
    var id: String
    var path: String
    var keys: String = "render: browser"
}

/// A configuration with the site's rules and `targets` on `site`.
func renderConfiguration(
    _ site: JavaScriptPricingSite, targets: [TestTarget], siteKeys: String = "", defaults: String = ""
) throws -> Configuration {
    let lines = targets.map { "  - {id: \($0.id), site: jsdemo, url: \"\(site.url($0.path))\", \($0.keys)}" }
    let yaml = """
        \(defaults)
        sites:
        \(JavaScriptPricingSite.siteRules)
        \(siteKeys)
        targets:
        \(lines.joined(separator: "\n"))

        """
    return try Configuration.parse(yaml: yaml)
}

/// Runs `check` with a real Chromium renderer, then checks that none of the browsers it started is left.
/// With `recordsPendingAlerts`, changes are stored with their pending alerts, as when alerts are on.
func runCheck(
    _ configuration: Configuration, store: SnapshotStore, renderer: BrowserRenderer = BrowserRenderer(),
    recordsPendingAlerts: Bool = false
) async throws -> Report {
    let options = CheckRunner.Options(
        fetch: FetchOptions(maxAttempts: 1), recordsPendingAlerts: recordsPendingAlerts, renderer: renderer)
    let report = try await CheckRunner(configuration: configuration, store: store, options: options).run()
    await expectNoBrowserLeft(renderer)
    return report
}

/// No process of any browser the renderer started remains, and their profiles are removed.
func expectNoBrowserLeft(_ renderer: BrowserRenderer, sourceLocation: SourceLocation = #_sourceLocation) async {
    for profile in await renderer.profiles {
        #expect(
            Browser.processes(usingProfile: profile).isEmpty, "Chromium processes left for \(profile)",
            sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: profile), "profile left", sourceLocation: sourceLocation)
    }
}

/// Waits (bounded) until the server has received `count` requests for `path`.
func waitForRequests(_ site: JavaScriptPricingSite, path: String, count: Int) async throws {
    let deadline = ContinuousClock.now + .seconds(120)
    while site.server.requests(for: path).count < count {
        guard ContinuousClock.now < deadline else {
            Issue.record("the server never saw \(count) requests for \(path)")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

extension Record {
    /// `name monthly-price` per plan, for exact comparisons.
    var planSummary: [String] {
        plans.map { "\($0.name) \($0.prices["monthly"]?.raw ?? "-")" }
    }
}
