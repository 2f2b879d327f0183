import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A headless Chromium driven over `--remote-debugging-pipe` (no TCP port is opened, so nothing else on the
/// machine can attach), with a fresh temporary profile.
///
///     let browser = try await Browser.launch(executable: "/usr/bin/chromium")
///     let page = try await browser.newPage()
///     try await page.navigate(to: "http://127.0.0.1:8080/", deadline: .now + .seconds(30))
///     await browser.close()  // always: no Chromium process is left, the profile is removed
public final class Browser: Sendable {
    /// The DevTools connection, for commands this API does not wrap.
    public let connection: DevToolsConnection
    private let process: ChromiumProcess

    private init(process: ChromiumProcess, connection: DevToolsConnection) {
        self.process = process
        self.connection = connection
    }

    /// Starts Chromium and waits until it answers.
    ///
    /// - Parameters:
    ///   - executable: the Chromium binary (see ``ChromiumLocator``).
    ///   - extraArguments: more command-line switches.
    ///   - startupTimeout: how long the browser may take to answer its first command.
    /// - Throws: ``DevToolsError`` (`browserUnavailable`) with Chromium's last words when it does not start;
    ///   nothing is left running.
    public static func launch(
        executable: String, extraArguments: [String] = [], startupTimeout: Duration = .seconds(60)
    ) async throws(DevToolsError) -> Browser {
        let process = try ChromiumProcess(executable: executable, extraArguments: extraArguments)
        let browser = Browser(
            process: process, connection: DevToolsConnection(readFD: process.fromBrowser, writeFD: process.toBrowser))
        do {
            _ = try await browser.connection.send(GetVersion(), timeout: startupTimeout)
            _ = try await browser.connection.send(SetDownloadBehavior(), timeout: startupTimeout)
        } catch {
            let tail = process.logTail
            await browser.close()
            if error.kind == .cancelled { throw error }
            throw DevToolsError(
                .browserUnavailable,
                "Chromium (\(executable)) did not start: \(error.message)"
                    + (tail.isEmpty ? "" : "; it said: \(tail)"))
        }
        return browser
    }

    /// The browser's process id (also the id of its process group).
    public var processID: Int32 { process.pid }
    /// The temporary profile folder, removed by ``close()``.
    public var profileDirectory: String { process.profileDirectory }
    /// Whether Chromium runs without its sandbox (`--no-sandbox`), which it requires when run as root.
    public var sandboxDisabled: Bool { process.sandboxDisabled }
    /// Whether the browser is still connected (false once it crashed or was closed).
    public var isConnected: Bool { connection.isConnected }

    /// Opens a new tab under `policy` (blocked resource types, allowed schemes), attached with its own session.
    ///
    /// - Throws: ``DevToolsError`` when the browser does not answer within `timeout` or is gone.
    public func newPage(policy: RequestPolicy = RequestPolicy(), timeout: Duration = .seconds(30))
        async throws(DevToolsError) -> Page
    {
        let target = try await connection.send(CreateTarget(url: "about:blank"), timeout: timeout)
        do {
            let session = try await connection.send(AttachToTarget(targetId: target.targetId), timeout: timeout)
            let page = Page(
                connection: connection, targetID: target.targetId, sessionID: session.sessionId, policy: policy)
            try await page.enableDomains(timeout: timeout)
            return page
        } catch {
            connection.post(CloseTarget(targetId: target.targetId))
            throw error
        }
    }

    /// Quits the browser, kills whatever of it is left after a grace period, waits until every process is
    /// gone and removes the profile. Safe to call more than once and after a crash; not interrupted by
    /// cancellation.
    public func close() async {
        connection.closeWritingEnd()
        await process.terminate(grace: .seconds(10))
    }

    /// The live processes whose command line names `profileDirectory`: a browser's processes and helpers.
    /// Empty after ``close()``.
    public static func processes(usingProfile profileDirectory: String) -> [Int32] {
        ChromiumProcess.processes(using: profileDirectory)
    }
}
