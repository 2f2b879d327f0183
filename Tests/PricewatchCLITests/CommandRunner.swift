import Foundation
import PricewatchTestSupport

/// Runs the built `pricewatch` binary as a child process, the way users and cron do.
struct CommandRunner {
    typealias Output = TestProcess.Output

    static let repository = TestLocations.repository

    /// The debug binary next to the test bundle (`swift build --build-tests` builds it).
    static let binary: URL = {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("pricewatch")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repository.appendingPathComponent(".build/debug/pricewatch")
    }()

    /// Runs the binary to its end; with `fileSizeLimit` (in KiB) under `ulimit -f`, which binds root too, so a
    /// full disk can be had without a quota or a tmpfs.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, fileSizeLimit: Int? = nil
    ) async throws -> Output {
        let process: TestProcess
        if let fileSizeLimit {
            process = try start(
                ["-c", "ulimit -f \(fileSizeLimit) && exec \"$0\" \"$@\"", binary.path] + arguments,
                environment: environment, directory: directory, executable: URL(fileURLWithPath: "/bin/bash"))
        } else {
            process = try start(arguments, environment: environment, directory: directory)
        }
        return await process.exit()
    }

    /// Starts the binary (or `executable`) in `directory`, the repository by default, without waiting for it.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil, executable: URL? = nil
    ) throws -> TestProcess {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CommandError(description: "\(binary.path) is missing; build it with 'swift build --build-tests'")
        }
        return try TestProcess(
            executable ?? binary, arguments: arguments, environment: environment, directory: directory ?? repository)
    }
}

struct CommandError: Error, CustomStringConvertible {
    var description: String
}

/// Waits until `condition` holds, checking it every few milliseconds; throws when `process` exits first.
///
/// There is no deadline to miss on a loaded machine: the wait ends with the event or with the child. The
/// ten minutes are only a safety net against a wedged child, far beyond any run these tests make.
func waitUntil(_ event: String, or process: TestProcess, _ condition: () -> Bool) async throws {
    let safetyNet = ContinuousClock.now + .seconds(600)
    while !condition() {
        guard process.isRunning else {
            let output = await process.exit()
            throw CommandError(description: "the run exited (\(output.status)) before \(event): \(output.stderr)")
        }
        guard ContinuousClock.now < safetyNet else { throw CommandError(description: "\(event) never happened") }
        try await Task.sleep(for: .milliseconds(10))
    }
}
