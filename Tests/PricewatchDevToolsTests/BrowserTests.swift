import Foundation
import PricewatchDevTools
import PricewatchTestSupport
import Testing

/// Runs `body` with a real headless Chromium, which is always closed afterwards (also when `body` throws);
/// then checks that none of its processes is left.
func withBrowser(_ body: (Browser) async throws -> Void) async throws {
    let executable = try ChromiumLocator.locate(configured: nil, environment: ProcessInfo.processInfo.environment)
    let browser = try await Browser.launch(executable: executable)
    let profile = browser.profileDirectory
    #expect(!Browser.processes(usingProfile: profile).isEmpty)
    do {
        try await body(browser)
    } catch {
        await browser.close()
        throw error
    }
    await browser.close()
    #expect(Browser.processes(usingProfile: profile).isEmpty, "Chromium processes left behind")
    #expect(!FileManager.default.fileExists(atPath: profile), "the temporary profile was not removed")
}

/// The DevTools client against a real Chromium and a real loopback server.
///
/// Serialized: each test starts its own browser, and seven starting at once on two cores only slow each other.
@Suite(.serialized) struct BrowserTests {
    static func deadline() -> ContinuousClock.Instant { .now + .seconds(60) }

    @Test func rendersAScriptBuiltPageAndBlocksImagesAndFonts() async throws {
        let site = try JavaScriptPricingSite()
        try await withBrowser { browser in
            let page = try await browser.newPage()
            try await page.navigate(to: site.url("/pricing"), deadline: Self.deadline())
            try await page.waitForXPath("//div[@id='plans']/div[@class='plan']", deadline: Self.deadline())
            let html = try await page.outerHTML(maxBytes: 1 << 20, deadline: Self.deadline())
            #expect(html.contains("<h3 class=\"name\">Team</h3><span class=\"price\">$49/mo</span>"))
            #expect(site.server.requests(for: "/plans.json").count == 1)
            #expect(site.server.requests(for: "/logo.png").isEmpty)
            #expect(site.server.requests(for: "/font.woff2").isEmpty)
        }
    }

    @Test func networkIdleWaitsForAFetchInFlight() async throws {
        let site = try JavaScriptPricingSite()
        try await withBrowser { browser in
            let page = try await browser.newPage()
            // The page's script asks for the plans at once; they take a second to arrive, well after `load`.
            try await page.navigate(to: site.url("/pricing-slow"), deadline: Self.deadline())
            try await page.waitForNetworkIdle(deadline: Self.deadline())
            let html = try await page.outerHTML(maxBytes: 1 << 20, deadline: Self.deadline())
            #expect(html.contains("Enterprise"))
        }
    }

    @Test func aResponseOverTheBodyLimitFailsThePageAndTheTabStaysUsable() async throws {
        let site = try JavaScriptPricingSite()
        try await withBrowser { browser in
            let page = try await browser.newPage()
            // The script's fetch of the plans carries 2 MB: over a 1 MB limit it fails the page...
            let error = await #expect(throws: DevToolsError.self) {
                try await page.navigate(
                    to: site.url("/pricing-heavy"), deadline: Self.deadline(), maxResponseBytes: 1 << 20)
                try await page.waitForNetworkIdle(deadline: Self.deadline())
                _ = try await page.outerHTML(maxBytes: 1 << 20, deadline: Self.deadline())
            }
            #expect(error?.kind == .page)
            #expect(error?.message.contains("/plans.json?heavy") == true)
            #expect(error?.message.contains("max_body_mb") == true)
            // ...and under a 4 MB limit the same page renders, in the same tab.
            try await page.navigate(
                to: site.url("/pricing-heavy"), deadline: Self.deadline(), maxResponseBytes: 4 << 20)
            try await page.waitForXPath("//div[@id='plans']/div[@class='plan']", deadline: Self.deadline())
            try await page.waitForNetworkIdle(deadline: Self.deadline())
            let html = try await page.outerHTML(maxBytes: 1 << 20, deadline: Self.deadline())
            #expect(html.contains("Enterprise"))
        }
    }

    @Test func aSelectorThatNeverMatchesTimesOut() async throws {
        let site = try JavaScriptPricingSite()
        try await withBrowser { browser in
            let page = try await browser.newPage()
            try await page.navigate(to: site.url("/never"), deadline: Self.deadline())
            let error = await #expect(throws: DevToolsError.self) {
                try await page.waitForXPath("//div[@class='plan']", deadline: .now + .seconds(2))
            }
            #expect(error?.kind == .timeout)
        }
    }

    @Test func aRedirectToAFileIsRefused() async throws {
        let site = try JavaScriptPricingSite()
        try await withBrowser { browser in
            let page = try await browser.newPage()
            let error = await #expect(throws: DevToolsError.self) {
                try await page.navigate(to: site.url("/redirect-to-file"), deadline: Self.deadline())
            }
            #expect(error?.kind == .page)
            let html = try await page.outerHTML(maxBytes: 1 << 20, deadline: Self.deadline())
            #expect(!html.contains("root:"))
        }
    }

    @Test func aScriptNavigatingToAFileIsRefused() async throws {
        let site = try JavaScriptPricingSite()
        try await withBrowser { browser in
            let page = try await browser.newPage()
            try await page.navigate(to: site.url("/navigate-to-file"), deadline: Self.deadline())
            try await page.waitForNetworkIdle(deadline: Self.deadline())
            let html = try await page.outerHTML(maxBytes: 1 << 20, deadline: Self.deadline())
            #expect(!html.contains("root:"))
            #expect(html.contains("Starter"))  // still the page that was loaded
        }
    }

    @Test func aFileURLIsNotLoadedAtAll() async throws {
        try await withBrowser { browser in
            let page = try await browser.newPage()
            let error = await #expect(throws: DevToolsError.self) {
                try await page.navigate(to: "file:///etc/passwd", deadline: Self.deadline())
            }
            #expect(error?.message.contains("only http and https") == true)
        }
    }

    @Test func aKilledBrowserFailsWaitingCommandsAtOnce() async throws {
        let site = try JavaScriptPricingSite()
        try await withBrowser { browser in
            let page = try await browser.newPage()
            try await page.navigate(to: site.url("/never"), deadline: Self.deadline())
            let waiting = Task { try await page.waitForXPath("//div[@class='plan']", deadline: Self.deadline()) }
            kill(browser.processID, SIGKILL)
            let error = await #expect(throws: DevToolsError.self) { try await waiting.value }
            #expect(error?.kind == .browserClosed)
            #expect(!browser.isConnected)
        }
    }

    @Test func aMissingBinaryNamesThePackage() {
        let error = #expect(throws: DevToolsError.self) {
            try ChromiumLocator.locate(configured: nil, environment: ["PATH": "/nonexistent"])
        }
        #expect(error?.kind == .browserUnavailable)
        #expect(error?.message.contains("apt-get install chromium") == true)
        #expect(error?.message.contains("render: http") == true)
    }
}
