import Dispatch
import Foundation
import Synchronization

/// Stops a long command cleanly on SIGINT (Ctrl-C), SIGTERM (what cron, systemd and Kubernetes send) and SIGHUP
/// (a closed terminal), all alike: the first one cancels the work under way, which stops transfers at once and
/// lets the command store what finished, queue its alerts, release the snapshot lock and report; alert
/// delivery stops after the request under way. A second signal exits at once.
///
/// The exit status is 128 + the first signal's number, as shells report a process the signal ended: 130 for
/// SIGINT, 143 for SIGTERM, 129 for SIGHUP.
final class Interruption: Sendable {
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    private struct State {
        var received: Int32?
        var onInterrupt: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())
    // Dispatch sources are thread-safe; held only to keep them alive and cancel them.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    /// Starts watching the signals; ``stop()`` restores their default actions.
    init() {
        sources = Self.signals.map { number in
            signal(number, SIG_IGN)  // the dispatch source receives it instead
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.receive(number) }
            source.resume()
            return source
        }
    }

    /// The first signal received, or nil while none was.
    var received: Int32? { state.withLock { $0.received } }

    /// Whether a signal was received: the command should wind down.
    var isInterrupted: Bool { received != nil }

    /// The exit status for the first signal received (128 + its number), or nil while none was.
    var exitStatus: Int32? { received.map { 128 + $0 } }

    /// Runs `body` in a task the first signal cancels; returns its result.
    func cancelling<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let cancelNow = state.withLock { state -> Bool in
            state.onInterrupt = { task.cancel() }
            return state.received != nil
        }
        if cancelNow { task.cancel() }
        defer { state.withLock { $0.onInterrupt = nil } }
        return try await task.value
    }

    /// Restores the signals' default actions.
    func stop() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }

    private func receive(_ number: Int32) {
        let (first, action) = state.withLock { state -> (Int32?, (@Sendable () -> Void)?) in
            let first = state.received
            if first == nil { state.received = number }
            return (first, state.onInterrupt)
        }
        if first != nil { exit(128 + number) }
        let name = number == SIGINT ? "Ctrl-C" : "SIG" + (number == SIGTERM ? "TERM" : "HUP")
        FileHandle.standardError.write(
            Data("\ninterrupted (\(name)): stopping; a second signal quits at once\n".utf8))
        action?()
    }
}
