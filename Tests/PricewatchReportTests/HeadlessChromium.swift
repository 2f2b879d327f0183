import Foundation
import Testing

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
    static func dumpDOM(_ url: URL, width: Int = 1280, height: Int = 800, budget: Int = 3_000) throws -> Output {
        try run([
            "--window-size=\(width),\(height)", "--virtual-time-budget=\(budget)", "--dump-dom", url.absoluteString,
        ])
    }

    /// Saves a PNG of `url` at a window size.
    static func screenshot(_ url: URL, to file: URL, width: Int, height: Int) throws -> Output {
        try run(["--window-size=\(width),\(height)", "--screenshot=\(file.path)", url.absoluteString])
    }

    private static func run(_ arguments: [String]) throws -> Output {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pricewatch-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // Chromium's sandbox refuses to run as root; the tests run as root in CI containers.
        process.arguments =
            quiet + (getuid() == 0 ? ["--no-sandbox"] : []) + ["--user-data-dir=\(profile.path)"] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Each pipe is drained on its own thread while the process runs, so neither fills up and blocks it.
        let out = DrainedPipe(stdout)
        let err = DrainedPipe(stderr)
        if exited.wait(timeout: .now() + 120) == .timedOut {
            // A safety net, not a measurement: a wedged browser is killed and the test fails.
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        process.waitUntilExit()
        killLeftovers(profile: profile.path)
        let output = Output(status: process.terminationStatus, stdout: out.text(), stderr: err.text())
        if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
            throw ChromiumError(
                "chromium did not finish within 120 s and was killed; stderr: \(output.stderr.suffix(2_000))")
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

/// Reads a pipe to its end on a thread of its own.
private final class DrainedPipe: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything written, once the writer closed the pipe.
    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

struct ChromiumError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
