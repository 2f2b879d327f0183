import CChromiumSpawn
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A running Chromium with `--remote-debugging-pipe`, its temporary profile, and the pipe ends this process
/// keeps. Owns the child: ``terminate(grace:)`` always ends every process it started and removes the profile.
final class ChromiumProcess: Sendable {
    /// The browser's process id, which is also its process group id.
    let pid: pid_t
    /// The fresh `--user-data-dir`, removed by ``terminate(grace:)``.
    let profileDirectory: String
    /// Where this process writes DevTools messages (the browser's fd 3).
    let toBrowser: Int32
    /// Where this process reads DevTools messages (the browser's fd 4).
    let fromBrowser: Int32
    /// Whether Chromium's sandbox is off (`--no-sandbox`, when running as root).
    let sandboxDisabled: Bool
    private let exit = ExitWatch()
    private let terminated = Mutex(false)

    /// Starts Chromium headless with a fresh profile.
    ///
    /// - Throws: ``DevToolsError`` (`browserUnavailable`) when the profile, the pipes or the process cannot
    ///   be created.
    init(executable: String, extraArguments: [String]) throws(DevToolsError) {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-chromium-XXXXXX").path
        var templateBytes = Array(template.utf8CString)
        guard let made = mkdtemp(&templateBytes) else {
            throw DevToolsError(.browserUnavailable, "cannot create a temporary browser profile: \(Self.errnoText())")
        }
        profileDirectory = String(cString: made)
        sandboxDisabled = getuid() == 0
        var arguments = [
            executable, "--headless", "--remote-debugging-pipe", "--user-data-dir=\(profileDirectory)",
            "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-breakpad", "--disable-crash-reporter", "--disable-dev-shm-usage",
            "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
            "--mute-audio", "--password-store=basic", "--use-mock-keychain", "--metrics-recording-only",
            "--blink-settings=imagesEnabled=false",
        ]
        // Chromium refuses to start sandboxed as root; said in --verbose output and the docs.
        if sandboxDisabled { arguments.append("--no-sandbox") }
        arguments += extraArguments + ["about:blank"]
        // HOME and the XDG folders point into the profile, so nothing (crash reports, caches) is written to the
        // user's home and every helper process names the profile on its command line.
        var environment = ProcessInfo.processInfo.environment
        for key in ["HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"] {
            environment[key] = profileDirectory
        }
        var toBrowserPipe: [Int32] = [-1, -1]
        var fromBrowserPipe: [Int32] = [-1, -1]
        guard cchromium_pipe(&toBrowserPipe) == 0 else {
            let text = Self.errnoText()
            try? FileManager.default.removeItem(atPath: profileDirectory)
            throw DevToolsError(.browserUnavailable, "cannot create the DevTools pipe: \(text)")
        }
        guard cchromium_pipe(&fromBrowserPipe) == 0 else {
            let text = Self.errnoText()
            close(toBrowserPipe[0])
            close(toBrowserPipe[1])
            try? FileManager.default.removeItem(atPath: profileDirectory)
            throw DevToolsError(.browserUnavailable, "cannot create the DevTools pipe: \(text)")
        }
        let logFD = open(profileDirectory + "/chromium.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        var child: pid_t = 0
        let status = Self.withCStrings(arguments) { argv in
            Self.withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                cchromium_spawn(executable, argv, envp, toBrowserPipe[0], fromBrowserPipe[1], logFD, &child)
            }
        }
        close(toBrowserPipe[0])
        close(fromBrowserPipe[1])
        if logFD >= 0 { close(logFD) }
        guard status == 0 else {
            close(toBrowserPipe[1])
            close(fromBrowserPipe[0])
            try? FileManager.default.removeItem(atPath: profileDirectory)
            throw DevToolsError(
                .browserUnavailable,
                "cannot start \(executable): \(String(cString: strerror(status))); install Debian's 'chromium' "
                    + "package or use 'render: http' for this target")
        }
        pid = child
        toBrowser = toBrowserPipe[1]
        fromBrowser = fromBrowserPipe[0]
        exit.watch(child)
    }

    /// Whether the browser process has exited (and was reaped).
    var hasExited: Bool { exit.status != nil }

    /// The last lines Chromium wrote to stderr, for a startup failure's message.
    var logTail: String {
        guard let data = FileManager.default.contents(atPath: profileDirectory + "/chromium.log") else { return "" }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").suffix(5)
        return lines.joined(separator: "\n")
    }

    /// Waits until the browser exits, at most `timeout`; returns whether it did.
    func waitForExit(timeout: Duration) async -> Bool { await exit.wait(timeout: timeout) }

    /// Ends the browser and everything it started, and removes the profile. Idempotent.
    ///
    /// The caller closes the pipe first, which Chromium takes as the request to quit; after `grace` the
    /// browser's process group is killed. Helpers that left the group (Chromium's crash handler starts in a
    /// session of its own) are found by the profile path on their command line and killed too.
    func terminate(grace: Duration) async {
        guard
            terminated.withLock({ done in
                defer { done = true }; return !done
            })
        else { return }
        if await !exit.wait(timeout: grace) {
            kill(-pid, SIGKILL)
            _ = await exit.wait(timeout: .seconds(30))
        }
        kill(-pid, SIGKILL)  // helpers of the group that outlived the browser
        for _ in 0..<500 {
            let strays = Self.processes(using: profileDirectory)
            if strays.isEmpty { break }
            for stray in strays { kill(stray, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        try? FileManager.default.removeItem(atPath: profileDirectory)
    }

    /// The live (not zombie) processes whose command line mentions `profile`: the browser's helpers.
    static func processes(using profile: String) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let needle = Array(profile.utf8)
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid != getpid(),
                let bytes = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !bytes.isEmpty
            else { return nil }
            return Array(bytes).firstRange(of: needle) != nil ? pid : nil
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Calls `body` with a NULL-terminated array of C strings that lives until it returns.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// Reaps the browser on a thread of its own (a blocking `waitpid`) and wakes whoever waits for its exit.
private final class ExitWatch: Sendable {
    private struct State {
        var status: Int32?
        var waiters: [UInt64: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }
    private let state = Mutex(State())

    var status: Int32? { state.withLock { $0.status } }

    func watch(_ pid: pid_t) {
        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let waiters = state.withLock { state in
                state.status = status
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            waiters.forEach { $0.resume(returning: true) }
        }
        thread.name = "chromium-reaper"
        thread.start()
    }

    func wait(timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            let id: UInt64? = state.withLock { state in
                if state.status != nil { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let id else { return continuation.resume(returning: true) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds) { [self] in
                state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: false)
            }
        }
    }
}

extension Duration {
    /// The duration in seconds, for Dispatch deadlines.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
