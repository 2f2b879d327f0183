import Foundation
import PricewatchBrowser
import PricewatchCore
import PricewatchDevTools
import PricewatchTestSupport
import Testing

/// `check` with `render: browser`: a real Chromium, a real loopback site whose plans are built by a script.
///
/// `wait_for` makes the tests wait for the cards themselves (an event in the page), not for a quiet period
/// that a loaded CI machine could stretch. Serialized: each test starts a browser, and several starting at
/// once on two cores only slow each other.
@Suite(.serialized) struct BrowserRenderingTests {
    static let waitForCards = "wait_for: {css: \"#plans .plan\"}"

    @Test func aScriptBuiltPageFailsOverHTTPAndGivesTheExactPlansInABrowser() async throws {
        try await withTemporaryFolder { folder in
            let site = try JavaScriptPricingSite()
            let config = try renderConfiguration(
                site,
                targets: [
                    TestTarget(id: "acme/http", path: "/pricing", keys: "render: http"),
                    TestTarget(id: "acme/browser", path: "/pricing", keys: "render: browser, \(Self.waitForCards)"),
                ])
            let store = SnapshotStore(directory: folder)
            let first = try await runCheck(config, store: store)
            #expect(first.targets.map(\.status) == [.failed, .new])
            #expect(first.targets[0].changes.map(\.kind) == [.extractionFailed])
            let record = try #require(try store.latest(for: "acme/browser"))
            #expect(record.vendor == "Acme Cloud")
            #expect(record.planSummary == ["Starter $9/mo", "Team $49/mo", "Enterprise $499/mo"])
            // The stored page is the rendered DOM, and http.json says so.
            let targetFolder = folder.appendingPathComponent("acme/browser")
            let page = try String(contentsOf: targetFolder.appendingPathComponent("page.html"), encoding: .utf8)
            #expect(page.contains("<h3 class=\"name\">Team</h3>"))
            let http = try String(contentsOf: targetFolder.appendingPathComponent("http.json"), encoding: .utf8)
            #expect(http.contains("\"rendered\" : \"browser\""))
            // The leash: the page asks for an image and a font; the server never sees either.
            #expect(site.server.requests(for: "/logo.png").isEmpty)
            #expect(site.server.requests(for: "/font.woff2").isEmpty)
            #expect(site.server.requests(for: "/plans.json").count == 1)

            site.setPlans([
                .init(name: "Starter", price: "$9"), .init(name: "Team", price: "$59"),
                .init(name: "Enterprise", price: "$499"),
            ])
            // With alerts on, the rendered page's change waits as a pending alert like a fetched page's.
            let second = try await runCheck(config, store: store, recordsPendingAlerts: true)
            let changed = try #require(second.targets.first(where: { $0.id == "acme/browser" }))
            #expect(changed.status == .changed)
            #expect(changed.changes.map(\.kind) == [.priceChanged])
            #expect(changed.changes.map(ChangeSummary.line(for:)) == ["Team monthly: $49/mo → $59/mo (+20.4%)"])
            let pending = try store.pendingChanges()
            #expect(pending.map(\.target) == ["acme/browser"])
            #expect(pending.first?.changes.map(\.kind) == [.priceChanged])
        }
    }

    @Test func aWaitForThatNeverMatchesTimesOutAndKeepsTheSnapshot() async throws {
        try await withTemporaryFolder { folder in
            let site = try JavaScriptPricingSite()
            let store = SnapshotStore(directory: folder)
            let good = try renderConfiguration(
                site,
                targets: [
                    TestTarget(id: "acme/pricing", path: "/pricing", keys: "render: browser, \(Self.waitForCards)")
                ])
            #expect(try await runCheck(good, store: store).targets.map(\.status) == [.new])
            let stored = try store.latest(for: "acme/pricing")

            let never = try renderConfiguration(
                site,
                targets: [
                    TestTarget(
                        id: "acme/pricing", path: "/pricing",
                        keys: "render: browser, wait_for: {css: \".plan-v2\"}, render_timeout: 3")
                ])
            let report = try await runCheck(never, store: store)
            let result = try #require(report.targets.first)
            #expect(result.status == .failed)
            #expect(result.changes.map(\.kind) == [.fetchFailed])
            #expect(result.error?.contains("did not finish rendering within 3 s") == true, "\(result.error ?? "")")
            #expect(result.error?.contains(".plan-v2") == true)
            #expect(try store.latest(for: "acme/pricing") == stored)
        }
    }

    @Test func redirectsAndNavigationsToFilesAreRefused() async throws {
        try await withTemporaryFolder { folder in
            let site = try JavaScriptPricingSite()
            let config = try renderConfiguration(
                site,
                targets: [
                    TestTarget(id: "acme/redirect", path: "/redirect-to-file"),
                    TestTarget(
                        id: "acme/navigate", path: "/navigate-to-file", keys: "render: browser, \(Self.waitForCards)"),
                ])
            let store = SnapshotStore(directory: folder)
            let report = try await runCheck(config, store: store)
            let redirect = try #require(report.targets.first)
            #expect(redirect.status == .failed)
            #expect(redirect.changes.map(\.kind) == [.fetchFailed])
            // The script's navigation to file: goes nowhere: the page that was loaded is the one stored.
            let navigate = try #require(report.targets.last)
            #expect(navigate.status == .new)
            #expect(try store.latest(for: "acme/navigate")?.planSummary.count == 3)
            for id in ["acme/redirect", "acme/navigate"] {
                let page = folder.appendingPathComponent(id).appendingPathComponent("page.html")
                let text = (try? String(contentsOf: page, encoding: .utf8)) ?? ""
                #expect(!text.contains("root:"))
            }
        }
    }

    @Test func twentyPagesWithFourTabsAllArrive() async throws {
        try await withTemporaryFolder { folder in
            let site = try JavaScriptPricingSite()
            let targets = (1...20).map {
                TestTarget(id: "vendors/v\($0)", path: "/pricing/\($0)", keys: "render: browser, \(Self.waitForCards)")
            }
            let config = try renderConfiguration(
                site, targets: targets, defaults: "defaults:\n  render:\n    max_tabs: 4")
            #expect(config.render.maxTabs == 4)
            let renderer = BrowserRenderer()
            let report = try await runCheck(config, store: SnapshotStore(directory: folder), renderer: renderer)
            #expect(report.targets.map(\.status) == Array(repeating: .new, count: 20))
            for number in 1...20 {
                let record = try #require(try SnapshotStore(directory: folder).latest(for: "vendors/v\(number)"))
                #expect(record.vendor == "Vendor \(number)")
                #expect(record.planSummary == ["Starter $9/mo", "Team $49/mo", "Enterprise $499/mo"])
            }
            #expect(await renderer.profiles.count == 1, "one browser for the run")
            #expect(site.server.maxConcurrentRequests <= 8)
        }
    }

    @Test func withoutChromiumBrowserTargetsFailAndTheOthersRun() async throws {
        try await withTemporaryFolder { folder in
            let site = try JavaScriptPricingSite()
            let config = try renderConfiguration(
                site,
                targets: [
                    TestTarget(id: "acme/static", path: "/static", keys: "render: http"),
                    TestTarget(id: "acme/browser", path: "/pricing"),
                ])
            let renderer = BrowserRenderer(options: .init(environment: ["PATH": folder.path]))
            let report = try await runCheck(config, store: SnapshotStore(directory: folder), renderer: renderer)
            #expect(report.targets.map(\.status) == [.new, .failed])
            let error = try #require(report.targets.last?.error)
            #expect(error.contains("apt-get install chromium"))
            #expect(error.contains("render: http"))
        }
    }

    @Test func aCrashedBrowserFailsThePagesInFlightAndRestartsOnce() async throws {
        try await withTemporaryFolder { folder in
            let site = try JavaScriptPricingSite()
            // Two pages that never settle hold two tabs while the browser is killed; the next two need the
            // restarted browser.
            let hanging = (1...2).map {
                TestTarget(
                    id: "acme/hang\($0)", path: "/never",
                    keys: "render: browser, \(Self.waitForCards), render_timeout: 300")
            }
            let fine = (1...2).map {
                TestTarget(id: "acme/fine\($0)", path: "/pricing/\($0)", keys: "render: browser, \(Self.waitForCards)")
            }
            let config = try renderConfiguration(
                site, targets: hanging + fine, defaults: "defaults:\n  render:\n    max_tabs: 2")
            let renderer = BrowserRenderer()
            let killer = Task {
                try await waitForRequests(site, path: "/never", count: 2)
                if let pid = await renderer.browserProcessID { kill(pid, SIGKILL) }
            }
            let report = try await runCheck(config, store: SnapshotStore(directory: folder), renderer: renderer)
            try await killer.value
            #expect(report.targets.map(\.status) == [.failed, .failed, .new, .new])
            #expect(report.targets[0].error?.contains("crashed or was killed") == true)
            #expect(await renderer.profiles.count == 2, "restarted once")
        }
    }

    @Test func cancellingARunShutsTheBrowserDown() async throws {
        try await withTemporaryFolder { folder in
            let site = try JavaScriptPricingSite()
            let config = try renderConfiguration(
                site,
                targets: [TestTarget(id: "acme/hang", path: "/never", keys: "render: browser, \(Self.waitForCards)")])
            let renderer = BrowserRenderer()
            let run = Task { try await runCheck(config, store: SnapshotStore(directory: folder), renderer: renderer) }
            try await waitForRequests(site, path: "/never", count: 1)
            run.cancel()
            let report = try await run.value
            #expect(report.targets.map(\.status) == [.failed])
            #expect(await renderer.profiles.count == 1)
        }
    }
}
