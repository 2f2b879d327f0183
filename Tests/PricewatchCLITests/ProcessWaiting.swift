import Foundation

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
