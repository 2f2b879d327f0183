import Foundation

/// Renders pages in a browser, for targets with `render: browser`: what the check run needs from one.
///
/// `PricewatchBrowser.BrowserRenderer` implements it with headless Chromium. One instance serves one run:
/// the browser starts with the first page that needs it, and ``shutdown()`` ends it.
///
///     let page = try await renderer.render(RenderRequest(id: target.id, url: target.url, ...))
///     await renderer.shutdown()  // at the end of the run, also after Ctrl-C
public protocol PageRendering: Sendable {
    /// Loads a page, waits as the request says, and returns its DOM as HTML.
    ///
    /// - Throws: an error whose description says what failed and what to do (a missing browser, a
    ///   timeout, a refused navigation, a crash); the target fails with it and its snapshot is kept.
    func render(_ request: RenderRequest) async throws -> RenderedPage

    /// Shuts the browser down and waits until none of its processes is left. Called once per run.
    func shutdown() async
}

/// One page to render and what to wait for.
public struct RenderRequest: Sendable, Hashable {
    /// The target id, for messages.
    public var id: String
    /// The page's URL.
    public var url: String
    /// An XPath 1.0 expression (a CSS `wait_for` compiled to XPath) that must match before the DOM is taken.
    public var waitForXPath: String?
    /// The `wait_for` selector as written, for messages.
    public var waitForDescription: String?
    /// Whether to wait for the network to be idle (no request in flight for 500 ms).
    public var waitsForNetworkIdle: Bool
    /// The time the whole rendering may take.
    public var timeout: Duration
    /// The largest DOM accepted, in UTF-8 bytes (the fetcher's `max_body_mb`).
    public var maxBytes: Int

    /// Creates a request.
    public init(
        id: String, url: String, waitForXPath: String? = nil, waitForDescription: String? = nil,
        waitsForNetworkIdle: Bool = true, timeout: Duration = .seconds(30), maxBytes: Int = 10 * 1024 * 1024
    ) {
        self.id = id
        self.url = url
        self.waitForXPath = waitForXPath
        self.waitForDescription = waitForDescription
        self.waitsForNetworkIdle = waitsForNetworkIdle
        self.timeout = timeout
        self.maxBytes = maxBytes
    }
}

/// A rendered page.
public struct RenderedPage: Sendable {
    /// `document.documentElement.outerHTML`, UTF-8.
    public var html: [UInt8]

    /// Creates a rendered page.
    public init(html: [UInt8]) { self.html = html }
}
