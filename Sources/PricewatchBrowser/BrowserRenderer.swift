import Foundation
import PricewatchCore
import PricewatchDevTools

/// Core's ``PageRendering`` on headless Chromium: one browser per run, started by the first page that
/// needs it, with tabs reused across targets.
///
/// If Chromium is missing, every page fails at once with the same message (naming the package and
/// `render: http`). If the browser crashes, the pages in flight fail, the next page restarts it once, and a
/// second crash fails the rest. ``shutdown()`` ends the browser and waits until no process of it is left.
public actor BrowserRenderer: PageRendering {
    /// Where the browser comes from and who hears about it.
    public struct Options: Sendable {
        /// `defaults.render.browser`: the Chromium binary; nil to use `PRICEWATCH_CHROMIUM` or `PATH`.
        public var executable: String?
        /// The environment the binary is looked up in.
        public var environment: [String: String]
        /// How long the browser may take to start.
        public var startupTimeout: Duration
        /// The leash: resource types blocked, schemes allowed.
        public var policy: RequestPolicy
        /// Receives notes for `--verbose` output (the browser started, its sandbox is off as root).
        public var log: (@Sendable (String) -> Void)?

        /// Creates options.
        public init(
            executable: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
            startupTimeout: Duration = .seconds(60), policy: RequestPolicy = RequestPolicy(),
            log: (@Sendable (String) -> Void)? = nil
        ) {
            self.executable = executable
            self.environment = environment
            self.startupTimeout = startupTimeout
            self.policy = policy
            self.log = log
        }
    }

    /// The settings.
    public let options: Options
    private var browser: Browser?
    private var launching: Task<Browser, any Error>?
    private var launches = 0
    private var unavailable: DevToolsError?
    private var idlePages: [Page] = []
    private var isShutDown = false
    /// The profile folder of every browser started, in order: tests count the processes left using them.
    public private(set) var profiles: [String] = []

    /// Creates a renderer; no browser starts until the first page.
    public init(options: Options = Options()) {
        self.options = options
    }

    /// The running browser's process id, if one runs.
    public var browserProcessID: Int32? { browser?.processID }

    public func render(_ request: RenderRequest) async throws -> RenderedPage {
        // The browser's start-up, paid once per run, is not part of the first page's render_timeout.
        let owner = try await currentBrowser()
        let deadline = ContinuousClock.now + request.timeout
        let page = try await acquirePage(of: owner, deadline: deadline)
        do {
            try await page.navigate(to: request.url, deadline: deadline, maxResponseBytes: request.maxBytes)
            if let xpath = request.waitForXPath { try await page.waitForXPath(xpath, deadline: deadline) }
            if request.waitsForNetworkIdle { try await page.waitForNetworkIdle(deadline: deadline) }
            let html = try await page.outerHTML(maxBytes: request.maxBytes, deadline: deadline)
            if owner === browser && owner.isConnected && !isShutDown { idlePages.append(page) } else { page.close() }
            return RenderedPage(html: Array(html.utf8))
        } catch {
            // A tab that failed may still be busy with the page: it is closed, never reused.
            page.close()
            throw RenderFailure(message: describe(error, request))
        }
    }

    public func shutdown() async {
        isShutDown = true
        idlePages = []
        let running = browser
        browser = nil
        let pending = launching
        launching = nil
        if let launched = try? await pending?.value, launched !== running { await launched.close() }
        await running?.close()
    }

    /// A reusable tab of `browser`, or a new one.
    private func acquirePage(of browser: Browser, deadline: ContinuousClock.Instant) async throws -> Page {
        if browser === self.browser, let page = idlePages.popLast() { return page }
        do throws(DevToolsError) {
            return try await browser.newPage(policy: options.policy, timeout: max(.milliseconds(1), deadline - .now))
        } catch {
            throw RenderFailure(message: "cannot open a browser tab: \(error.message)")
        }
    }

    /// The running browser; starts it for the first page, and once more after a crash.
    private func currentBrowser() async throws -> Browser {
        if isShutDown { throw RenderFailure(message: "the run ended before this page was rendered") }
        if let unavailable { throw RenderFailure(message: unavailable.message) }
        if let browser, browser.isConnected { return browser }
        if let launching { return try await launching.value }
        let crashed = browser
        if crashed != nil {
            guard launches < 2 else {
                throw RenderFailure(
                    message: "Chromium crashed again after a restart; it is not restarted twice in a run")
            }
            options.log?("Chromium crashed; restarting it once for the remaining pages")
        }
        launches += 1
        idlePages = []
        let options = self.options
        let task = Task { () throws -> Browser in
            await crashed?.close()
            let executable = try ChromiumLocator.locate(
                configured: options.executable, environment: options.environment)
            return try await Browser.launch(executable: executable, startupTimeout: options.startupTimeout)
        }
        launching = task
        defer { launching = nil }
        do {
            let launched = try await task.value
            profiles.append(launched.profileDirectory)
            if isShutDown {
                await launched.close()
                throw RenderFailure(message: "the run ended before this page was rendered")
            }
            browser = launched
            options.log?(
                "started Chromium (pid \(launched.processID))"
                    + (launched.sandboxDisabled ? "; running as root, so its sandbox is off (--no-sandbox)" : ""))
            return launched
        } catch let error as DevToolsError {
            browser = nil
            if error.kind == .browserUnavailable { unavailable = error }
            throw RenderFailure(message: error.message)
        }
    }

    private func describe(_ error: any Error, _ request: RenderRequest) -> String {
        guard let error = error as? DevToolsError else { return "\(error)" }
        switch error.kind {
        case .timeout:
            let seconds = Int(request.timeout.components.seconds)
            return "the page did not finish rendering within \(seconds) s (render_timeout): \(error.message)"
                + (request.waitForDescription.map { "; check that wait_for \($0) matches the rendered page" } ?? "")
        case .browserClosed:
            return "the browser crashed or was killed while rendering this page (\(error.message))"
        default:
            return error.message
        }
    }
}

/// Why a page could not be rendered; the target's error message.
public struct RenderFailure: Error, CustomStringConvertible {
    /// What happened and what to do.
    public var message: String
    public var description: String { message }
}
