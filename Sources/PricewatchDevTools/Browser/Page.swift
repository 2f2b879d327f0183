import Foundation

/// One browser tab with its own DevTools session, under a ``RequestPolicy``. Reusable: navigate it again
/// for the next URL.
public final class Page: Sendable {
    /// The tab's target id.
    public let targetID: String
    let sessionID: String
    let connection: DevToolsConnection
    let policy: RequestPolicy
    let monitor = PageMonitor()
    private let subscription: Int

    init(connection: DevToolsConnection, targetID: String, sessionID: String, policy: RequestPolicy) {
        self.connection = connection
        self.targetID = targetID
        self.sessionID = sessionID
        self.policy = policy
        let monitor = self.monitor
        subscription = connection.subscribe(session: sessionID) { event in
            Self.handle(event, monitor: monitor, policy: policy, connection: connection, session: sessionID)
        }
    }

    /// Turns on the events the page needs and the request interception that enforces the policy.
    func enableDomains(timeout: Duration) async throws(DevToolsError) {
        _ = try await connection.send(EnablePage(), session: sessionID, timeout: timeout)
        _ = try await connection.send(EnableNetwork(), session: sessionID, timeout: timeout)
        _ = try await connection.send(EnableFetch(), session: sessionID, timeout: timeout)
    }

    /// Requests refused so far for their resource type (images, fonts, media).
    public var blockedRequests: Int { monitor.facts.blocked }
    /// URLs refused so far for their scheme.
    public var refusedURLs: [String] { monitor.facts.refused }

    /// Loads `url` and waits for the main frame's `load` event.
    ///
    /// Until the next navigation, every response of the page (the document, scripts, `fetch` calls) may
    /// carry at most `maxResponseBytes` of body, the fetcher's `max_body_mb`: the first that outgrows it stops
    /// the tab's downloads and fails this wait, or the next one on the page.
    ///
    /// - Throws: ``DevToolsError``: `page` when the navigation fails (an unreachable host, a redirect to
    ///   `file:`), a response outgrows the limit or the tab crashes, `timeout` at `deadline`,
    ///   `browserClosed`, `cancelled`.
    public func navigate(to url: String, deadline: ContinuousClock.Instant, maxResponseBytes: Int? = nil)
        async throws(DevToolsError)
    {
        guard policy.allows(url: url) else {
            throw DevToolsError(.page, "refused to load \(url): only http and https are allowed")
        }
        monitor.update { facts in
            // The previous document's requests end with it; one stopped for its size may never report back.
            facts.inFlight = []
            facts.responseLimit = maxResponseBytes
            facts.received = [:]
            facts.oversizedResponse = nil
        }
        let loadsBefore = monitor.facts.loads
        let result = try await connection.send(
            Navigate(url: url), session: sessionID, timeout: Self.remaining(deadline))
        if let errorText = result.errorText {
            let refused = monitor.facts.refused.last.map { " (refused: \($0))" } ?? ""
            throw DevToolsError(.page, "Chromium could not load \(url): \(errorText)\(refused)")
        }
        try await monitor.wait(for: "the load event of \(url)", until: deadline) { $0.loads > loadsBefore }
    }

    /// Waits until no request has been in flight for `quietPeriod` (500 ms by default).
    ///
    /// - Throws: ``DevToolsError`` (`timeout` at `deadline`, a crash, `cancelled`).
    public func waitForNetworkIdle(quietPeriod: Duration = .milliseconds(500), deadline: ContinuousClock.Instant)
        async throws(DevToolsError)
    {
        while true {
            try await monitor.wait(for: "the network to become idle", until: deadline) { $0.inFlight.isEmpty }
            let activity = monitor.facts.activity
            if ContinuousClock.now + quietPeriod > deadline {
                throw DevToolsError(.timeout, "timed out waiting for the network to become idle")
            }
            do {
                try await Task.sleep(for: quietPeriod)
            } catch {
                throw DevToolsError(.cancelled, "cancelled while waiting for the network to become idle")
            }
            let facts = monitor.facts
            if facts.activity == activity && facts.inFlight.isEmpty { return }
        }
    }

    /// Waits until the XPath 1.0 `expression` selects a node of the document, checking again on every DOM
    /// change (a `MutationObserver` in the page).
    ///
    /// - Throws: ``DevToolsError`` (`timeout` at `deadline`, `page` when the page throws or navigates away).
    public func waitForXPath(_ expression: String, deadline: ContinuousClock.Instant) async throws(DevToolsError) {
        let literal = Self.javaScriptString(expression)
        let script = """
            new Promise((resolve) => {
              const found = () => document.evaluate(\(literal), document, null,
                XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue !== null;
              if (found()) return resolve(true);
              const observer = new MutationObserver(() => {
                if (found()) { observer.disconnect(); resolve(true); }
              });
              observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
            })
            """
        let found: Bool? = try await evaluate(
            script, awaitPromise: true, deadline: deadline, waitingFor: "\(expression) to match")
        guard found == true else {
            throw DevToolsError(.page, "the page's wait for \(expression) ended without a match")
        }
    }

    /// The document as HTML (`document.documentElement.outerHTML`), if it is at most `maxBytes` long.
    ///
    /// - Throws: ``DevToolsError`` (`page` when the document is larger).
    public func outerHTML(maxBytes: Int, deadline: ContinuousClock.Instant) async throws(DevToolsError) -> String {
        // Measured in the page first, so a huge document never crosses the pipe (UTF-16 units never
        // outnumber UTF-8 bytes, so a document this passes may still be cut by the byte check below).
        let script = """
            (() => { const html = document.documentElement ? document.documentElement.outerHTML : "";
              return html.length > \(maxBytes) ? null : html; })()
            """
        let html: String? = try await evaluate(
            script, awaitPromise: false, deadline: deadline, waitingFor: "the document")
        // A response that outgrew the limit after the last wait still fails the page: what it fed the
        // document may be cut short.
        if let error = monitor.facts.oversizedError { throw error }
        guard let html, html.utf8.count <= maxBytes else {
            throw DevToolsError(.page, "the rendered page is larger than \(maxBytes) bytes, the max_body_mb limit")
        }
        return html
    }

    /// Evaluates `script` in the page and returns its JSON value.
    public func evaluate<Value: Decodable & Sendable>(
        _ script: String, awaitPromise: Bool, deadline: ContinuousClock.Instant, waitingFor what: String = "a script"
    ) async throws(DevToolsError) -> Value? {
        let response: Evaluate<Value>.Response
        do {
            response = try await connection.send(
                Evaluate<Value>(expression: script, awaitPromise: awaitPromise), session: sessionID,
                timeout: Self.remaining(deadline))
        } catch  where error.kind == .timeout {
            throw DevToolsError(.timeout, "timed out waiting for \(what)")
        }
        if let exception = response.exceptionDetails {
            throw DevToolsError(.page, "a script failed in the page while waiting for \(what): \(exception.text)")
        }
        return response.result.value
    }

    /// Closes the tab (without waiting for the browser to confirm) and stops its event handling.
    public func close() {
        connection.unsubscribe(subscription)
        connection.post(CloseTarget(targetId: targetID))
    }

    static func remaining(_ deadline: ContinuousClock.Instant) -> Duration {
        max(.milliseconds(1), deadline - .now)
    }

    static func javaScriptString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode([text])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    /// Updates the tab's facts from an event, and answers paused requests under the policy.
    private static func handle(
        _ event: DevToolsEvent, monitor: PageMonitor, policy: RequestPolicy, connection: DevToolsConnection,
        session: String
    ) {
        switch event.method {
        case "Fetch.requestPaused":
            guard let paused = try? event.parameters(as: RequestPaused.self) else { return }
            if !policy.allows(url: paused.request.url) {
                monitor.update { $0.refused.append(paused.request.url) }
                connection.post(FailRequest(requestId: paused.requestId, errorReason: "AccessDenied"), session: session)
            } else if policy.blockedResourceTypes.contains(paused.resourceType) {
                monitor.update { $0.blocked += 1 }
                connection.post(
                    FailRequest(requestId: paused.requestId, errorReason: "BlockedByClient"), session: session)
            } else {
                connection.post(ContinueRequest(requestId: paused.requestId), session: session)
            }
        case "Network.requestWillBeSent":
            guard let request = try? event.parameters(as: RequestWillBeSent.self) else { return }
            monitor.update { facts in
                facts.inFlight.insert(request.requestId)
                facts.received[request.requestId] = (request.request.url, 0)
                facts.activity += 1
            }
        case "Network.dataReceived":
            guard let chunk = try? event.parameters(as: DataReceived.self) else { return }
            var outgrown = false
            monitor.update { facts in
                guard let limit = facts.responseLimit, var response = facts.received[chunk.requestId] else { return }
                response.bytes += chunk.dataLength
                facts.received[chunk.requestId] = response
                if response.bytes > limit && facts.oversizedResponse == nil {
                    facts.oversizedResponse = response.url
                    outgrown = true
                }
            }
            if outgrown { connection.post(StopLoading(), session: session) }
        case "Network.loadingFinished", "Network.loadingFailed":
            guard let request = try? event.parameters(as: NetworkRequestEvent.self) else { return }
            monitor.update { facts in
                facts.inFlight.remove(request.requestId)
                facts.activity += 1
            }
        case "Page.loadEventFired":
            monitor.update { $0.loads += 1 }
        case "Page.frameNavigated":
            guard let navigated = try? event.parameters(as: FrameNavigated.self), navigated.frame.parentId == nil
            else { return }
            if !policy.allows(url: navigated.frame.url) {
                monitor.update { facts in
                    facts.refused.append(navigated.frame.url)
                    facts.refusedNavigation = navigated.frame.url
                }
            }
        case "Inspector.targetCrashed":
            monitor.update { $0.crashed = true }
        case DevToolsEvent.disconnected:
            monitor.update { $0.disconnected = true }
        default:
            break
        }
    }
}
