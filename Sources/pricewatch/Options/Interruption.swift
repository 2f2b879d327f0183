import Dispatch
import Foundation
import Synchronization

/// Ctrl-C handling for long runs: the first SIGINT cancels the work, which stops transfers at once and lets
/// the command store what finished, release the snapshot lock and report; a second SIGINT exits at once.
enum Interruption {
    /// The exit status after an interrupted run (128 + SIGINT), as shells expect.
    static let exitStatus: Int32 = 130

    /// Runs `body` in a task that SIGINT cancels; returns its result and whether it was interrupted.
    static func cancellingOnInterrupt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws
        -> (result: T, interrupted: Bool)
    {
        let task = Task { try await body() }
        signal(SIGINT, SIG_IGN)  // the dispatch source below receives it instead
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let interruptions = InterruptCounter()
        source.setEventHandler {
            if interruptions.increment() > 1 { exit(exitStatus) }
            FileHandle.standardError.write(Data("\ninterrupted: stopping (press Ctrl-C again to quit at once)\n".utf8))
            task.cancel()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        let result = try await task.value
        return (result, interruptions.count > 0)
    }
}

/// Counts SIGINTs delivered on the dispatch queue.
private final class InterruptCounter: Sendable {
    private let value = Mutex(0)

    var count: Int { value.withLock { $0 } }

    func increment() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
