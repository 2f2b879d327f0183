import Foundation

extension CommandRunner {
    /// ``run(_:environment:directory:fileSizeLimit:)`` on a thread of its own, resuming when the child exits:
    /// waiting inside an async test would hold one of the concurrency pool's threads (two on a two-core CI
    /// machine) for the child's whole run.
    static func runOffPool(_ arguments: [String], environment: [String: String] = [:]) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try run(arguments, environment: environment) })
            }
        }
    }

    /// Waits, off the pool, for a child started with ``start(_:environment:)`` to exit; returns its status.
    static func waitOffPool(_ process: Process) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
    }
}

/// Polls `condition` off the pool until it holds, for events another process causes (a row in a database, a
/// request at a server); fails after `limit`, which only a broken run reaches.
func waitFor(
    _ what: String, limit: Duration = .seconds(120), _ condition: @escaping @Sendable () throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw CommandError(description: "gave up waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(50))
    }
}
