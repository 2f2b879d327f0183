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
        var parkWatchers: [CheckedContinuation<Void, Never>] = []
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
                let watchers = state.withLock { state in
                    if state.isClosed || Task.isCancelled {
                        continuation.resume(returning: false)
                    } else if state.available > 0 {
                        state.available -= 1
                        continuation.resume(returning: true)
                    } else {
                        state.waiter = continuation
                        defer { state.parkWatchers = [] }
                        return state.parkWatchers
                    }
                    return []
                }
                for watcher in watchers { watcher.resume() }
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

    /// Returns once the producer is waiting for a credit or credits are closed (at once if that is so now):
    /// from then on it starts no transfer until a result is handed out. Tests wait for this, not for time.
    func untilProducerWaits() async {
        await withCheckedContinuation { continuation in
            let settled = state.withLock { state in
                let settled = state.waiter != nil || state.isClosed
                if !settled { state.parkWatchers.append(continuation) }
                return settled
            }
            if settled { continuation.resume() }
        }
    }

    /// Stops handing out credits and releases the waiter; used when the consumer goes away and once the
    /// producer has started every request.
    func close() {
        let (waiter, watchers) = state.withLock { state in
            state.isClosed = true
            defer {
                state.waiter = nil
                state.parkWatchers = []
            }
            return (state.waiter, state.parkWatchers)
        }
        waiter?.resume(returning: false)
        for watcher in watchers { watcher.resume() }
    }
}
