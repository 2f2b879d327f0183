import Synchronization

/// Bounds how many fetches of one `fetchAll` may be started but not yet handed to the consumer, so finished
/// bodies cannot pile up in memory when processing is slower than the network.
///
/// One credit is taken before a fetch starts and given back when its result is handed out. Only the
/// `fetchAll` producer ever waits, so there is at most one waiter.
final class ResultCredits: Sendable {
    private struct State {
        var available: Int
        var waiter: CheckedContinuation<Bool, Never>?
        var isClosed = false
    }

    private let state: Mutex<State>

    /// Credits for `count` fetches (at least one).
    init(_ count: Int) {
        state = Mutex(State(available: max(1, count)))
    }

    /// Waits for a credit; returns false once the calling task is cancelled or `close()` was called.
    func take() async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                state.withLock { state in
                    if state.isClosed || Task.isCancelled {
                        continuation.resume(returning: false)
                    } else if state.available > 0 {
                        state.available -= 1
                        continuation.resume(returning: true)
                    } else {
                        state.waiter = continuation
                    }
                }
            }
        } onCancel: {
            close()
        }
    }

    /// Gives a credit back, handing it straight to the waiting producer if there is one.
    func giveBack() {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter else {
                state.available += 1
                return nil as CheckedContinuation<Bool, Never>?
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(returning: true)
    }

    /// Stops handing out credits and releases the waiter; used when the consumer goes away.
    func close() {
        let waiter = state.withLock { state in
            state.isClosed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: false)
    }
}
