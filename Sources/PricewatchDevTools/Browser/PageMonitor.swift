import Foundation
import Synchronization

/// What a tab's events said so far, and the callers waiting for a condition on it.
///
/// Updated on the connection's reader thread; a waiter is resumed by the event that makes its condition
/// true, by a crash or disconnection, by its deadline, or by cancellation, whichever comes first.
final class PageMonitor: Sendable {
    /// The facts waiters look at.
    struct Facts {
        /// Network requests sent and not yet finished or failed.
        var inFlight: Set<String> = []
        /// Bumped by every request start and end, so a quiet period can tell whether anything happened.
        var activity = 0
        /// `load` events of the main frame so far.
        var loads = 0
        /// Set when the tab's renderer crashed.
        var crashed = false
        /// Set when the browser went away.
        var disconnected = false
        /// URLs refused by the request policy (`file:` and other schemes), in order.
        var refused: [String] = []
        /// A main-frame navigation to a refused URL, which fails the page.
        var refusedNavigation: String?
        /// Requests refused for their resource type (images, fonts, media).
        var blocked = 0
        /// The largest response body the current navigation may receive, in bytes (nil: no limit).
        var responseLimit: Int?
        /// Body bytes received so far per request of the current navigation, and each request's URL.
        var received: [String: (url: String, bytes: Int)] = [:]
        /// The first response of the current navigation that outgrew ``responseLimit``, which fails the page.
        var oversizedResponse: String?
    }

    private struct Waiter {
        let condition: @Sendable (Facts) -> Bool
        let continuation: CheckedContinuation<Result<Void, DevToolsError>, Never>
    }

    private struct State {
        var facts = Facts()
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    var facts: Facts { state.withLock { $0.facts } }

    /// Applies an event's effect and resumes the waiters it satisfies or fails.
    func update(_ change: (inout Facts) -> Void) {
        let resumed = state.withLock { state -> [(Waiter, Result<Void, DevToolsError>)] in
            change(&state.facts)
            var resumed: [(Waiter, Result<Void, DevToolsError>)] = []
            for (id, waiter) in state.waiters {
                if let outcome = Self.outcome(of: waiter, state.facts) {
                    state.waiters[id] = nil
                    resumed.append((waiter, outcome))
                }
            }
            return resumed
        }
        for (waiter, outcome) in resumed { waiter.continuation.resume(returning: outcome) }
    }

    /// Waits until `condition` holds; `what` names it in the timeout message.
    ///
    /// - Throws: ``DevToolsError``: `page` when the tab crashed or navigated somewhere refused,
    ///   `browserClosed`, `timeout` at `deadline`, `cancelled`.
    func wait(
        for what: String, until deadline: ContinuousClock.Instant, _ condition: @escaping @Sendable (Facts) -> Bool
    ) async throws(DevToolsError) {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let waiter = Waiter(condition: condition, continuation: continuation)
                let immediate = state.withLock { state -> Result<Void, DevToolsError>? in
                    if let outcome = Self.outcome(of: waiter, state.facts) { return outcome }
                    state.waiters[id] = waiter
                    return nil
                }
                if let immediate { return continuation.resume(returning: immediate) }
                if Task.isCancelled {
                    return fail(id, DevToolsError(.cancelled, "cancelled while waiting for \(what)"))
                }
                let remaining = max(0, (deadline - .now).seconds)
                DispatchQueue.global().asyncAfter(deadline: .now() + remaining) { [self] in
                    fail(id, DevToolsError(.timeout, "timed out waiting for \(what)"))
                }
            }
        } onCancel: {
            fail(id, DevToolsError(.cancelled, "cancelled while waiting for \(what)"))
        }
        try outcome.get()
    }

    private func fail(_ id: Int, _ error: DevToolsError) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume(returning: .failure(error))
    }

    private static func outcome(of waiter: Waiter, _ facts: Facts) -> Result<Void, DevToolsError>? {
        if facts.crashed { return .failure(DevToolsError(.page, "the page crashed the browser tab")) }
        if facts.disconnected {
            return .failure(
                DevToolsError(.browserClosed, "Chromium closed the DevTools pipe: the browser exited or crashed"))
        }
        if let url = facts.refusedNavigation {
            return .failure(
                DevToolsError(.page, "the page navigated to \(url), which is refused (only http and https are allowed)")
            )
        }
        if let error = facts.oversizedError { return .failure(error) }
        return waiter.condition(facts) ? .success(()) : nil
    }
}

extension PageMonitor.Facts {
    /// Why the current navigation fails for a response over the limit, if one outgrew it.
    var oversizedError: DevToolsError? {
        guard let url = oversizedResponse, let limit = responseLimit else { return nil }
        return DevToolsError(
            .page, "a response of the page (\(url)) is larger than \(limit) bytes, the max_body_mb limit")
    }
}
