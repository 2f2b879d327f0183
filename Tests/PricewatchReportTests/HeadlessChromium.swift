import Foundation
import PricewatchTestSupport

/// Debian's `chromium` run headless as a child process, the way the report's readers' browsers load it: one
/// run per call, with its own temporary profile, killed and reaped (its helpers included) before returning.
struct HeadlessChromium {
    static let executable = "/usr/bin/chromium"

    /// What one run printed.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Flags that keep Chromium from calling home, so the only requests are the page's own.
    private static let quiet = [
        "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--metrics-recording-only",
        "--mute-audio", "--hide-scrollbars", "--no-proxy-server",
        "--disable-features=Translate,MediaRouter,OptimizationHints",
    ]

    /// Loads `url` and prints its DOM after scripts (if any could run) and timers had their chance: the
    /// virtual time budget runs the page's timers up to `budget` milliseconds without waiting for them.
    static func dumpDOM(_ url: URL, width: Int = 1280, height: Int = 800, budget: Int = 3_000) async throws
        -> Output
    {
        try await run([
            "--window-size=\(width),\(height)", "--virtual-time-budget=\(budget)", "--dump-dom", url.absoluteString,
        ])
    }

    /// Saves a PNG of `url` at a window size.
    static func screenshot(_ url: URL, to file: URL, width: Int, height: Int) async throws -> Output {
        try await run(["--window-size=\(width),\(height)", "--screenshot=\(file.path)", url.absoluteString])
    }

    /// Runs Chromium without blocking a thread of the test's concurrency pool: other tests of the process
    /// (loopback servers, fetchers) keep running while the browser works.
    private static func run(_ arguments: [String]) async throws -> Output {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pricewatch-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profile) }
        // Chromium's sandbox refuses to run as root; the tests run as root in CI containers.
        let process = try TestProcess(
            URL(fileURLWithPath: executable),
            arguments: quiet + (getuid() == 0 ? ["--no-sandbox"] : []) + ["--user-data-dir=\(profile.path)"]
                + arguments)
        let watchdog = Task {
            // A safety net, not a measurement: a wedged browser is killed and the test fails.
            try await Task.sleep(for: .seconds(120))
            process.send(SIGKILL)
        }
        await process.terminated()
        watchdog.cancel()
        // Helpers that outlive the browser may hold its output open; its end comes once they are gone.
        killLeftovers(profile: profile.path)
        let finished = await process.exit()
        let output = Output(status: finished.status, stdout: finished.stdout, stderr: finished.stderr)
        if finished.killedBySignal {
            throw ChromiumError("chromium was killed (signal \(output.status)); stderr: \(output.stderr.suffix(2_000))")
        }
        return output
    }

    /// Kills any process still running with this run's profile (renderers and helpers outlive a killed
    /// browser) and waits until none is left.
    static func killLeftovers(profile: String) {
        for _ in 0..<200 {
            let left = processes(using: profile)
            if left.isEmpty { return }
            for pid in left { kill(pid, SIGKILL) }
            usleep(10_000)
        }
    }

    /// The ids of live processes whose command line mentions `profile`.
    static func processes(using profile: String) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> pid_t? in
            guard let pid = pid_t(name),
                let commandLine = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"),
                String(decoding: commandLine, as: UTF8.self).contains(profile),
                // A zombie waiting for its parent has exited already.
                let status = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                !status.contains(") Z ")
            else { return nil }
            return pid
        }
    }
}

struct ChromiumError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
