import Foundation
internal import CCurl
import Synchronization

/// What one attempt produced, before retry and status decisions.
enum AttemptOutcome: Sendable {
    case completed(AttemptResponse)
    case failed(FetchError.Kind, detail: String)
    case cancelled
}

/// The final response of one attempt.
struct AttemptResponse: Sendable {
    let status: Int
    let finalURL: String
    let headers: [HTTPHeader]
    let body: [UInt8]
}

/// Runs every attempt of a `Fetcher` on one dedicated thread that drives one libcurl multi handle, never a
/// thread per URL. Callers hand attempts over through a locked inbox and are resumed on completion.
final class TransferEngine: Sendable {
    /// An attempt waiting to run or running.
    struct Submission: Sendable {
        let id: UInt64
        let request: FetchRequest
        let hostKey: String
        let continuation: CheckedContinuation<AttemptOutcome, Never>
    }

    private enum Command: Sendable {
        case submit(Submission)
        case cancel(UInt64)
    }

    private struct Inbox {
        var commands: [Command] = []
        var isShuttingDown = false
        var nextID: UInt64 = 0
    }

    private let multi: CurlMulti
    private let options: FetchOptions
    private let inbox = Mutex(Inbox())
    private let stopped = DispatchSemaphore(value: 0)

    init(options: FetchOptions) throws(CurlSetupError) {
        self.options = options
        self.multi = try CurlMulti(options: options)
        // The thread keeps the engine alive until `shutDown()` ends the loop.
        let thread = Thread { [self] in
            var loop = EngineLoop(multi: multi, options: options)
            loop.run(takeCommands: takeCommands)
            stopped.signal()
        }
        thread.name = "pricewatch-fetch"
        thread.start()
    }

    /// Stops the engine thread: queued and running attempts are resumed as cancelled, every handle freed.
    func shutDown() {
        inbox.withLock { $0.isShuttingDown = true }
        multi.wakeUp()
        stopped.wait()
    }

    /// Runs one attempt of `request`; returns `.cancelled` promptly when the calling task is cancelled.
    func attempt(_ request: FetchRequest, hostKey: String) async -> AttemptOutcome {
        let id = inbox.withLock { inbox in
            inbox.nextID += 1
            return inbox.nextID
        }
        let phase = Mutex(AttemptPhase.new)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Submitting under the phase lock orders it before any cancel command for the same id.
                phase.withLock { phase in
                    guard phase == .new else { return continuation.resume(returning: .cancelled) }
                    phase = .submitted
                    send(.submit(Submission(id: id, request: request, hostKey: hostKey, continuation: continuation)))
                }
            }
        } onCancel: {
            phase.withLock { phase in
                if phase == .submitted { send(.cancel(id)) }
                phase = .cancelled
            }
        }
    }

    private enum AttemptPhase { case new, submitted, cancelled }

    private func takeCommands() -> (commands: [Command], isShuttingDown: Bool) {
        inbox.withLock { inbox in
            defer { inbox.commands.removeAll() }
            return (inbox.commands, inbox.isShuttingDown)
        }
    }

    private func send(_ command: Command) {
        inbox.withLock { $0.commands.append(command) }
        multi.wakeUp()
    }

    /// The engine thread's state: queued attempts per host, running transfers, per-host bookkeeping.
    private struct EngineLoop {
        let multi: CurlMulti
        let options: FetchOptions
        /// Hosts in the order they first had work, so no host starves another.
        var hostOrder: [String] = []
        var queued: [String: [Submission]] = [:]
        var running: [UnsafeMutableRawPointer: (transfer: CurlTransfer, submission: Submission)] = [:]
        var runningPerHost: [String: Int] = [:]
        var lastStartPerHost: [String: ContinuousClock.Instant] = [:]

        init(multi: CurlMulti, options: FetchOptions) {
            self.multi = multi
            self.options = options
        }

        mutating func run(takeCommands: () -> (commands: [Command], isShuttingDown: Bool)) {
            while true {
                let (commands, isShuttingDown) = takeCommands()
                if isShuttingDown { break }
                for command in commands { apply(command) }
                let nextStart = admit()
                multi.perform()
                let completed = multi.completed()
                for (handle, code) in completed { finish(handle, code) }
                if !completed.isEmpty { continue }
                multi.poll(timeoutMilliseconds: Self.pollTimeout(until: nextStart))
            }
            cancelEverything()
        }

        private static func pollTimeout(until nextStart: ContinuousClock.Instant?) -> Int32 {
            guard let nextStart else { return 1000 }
            return Int32(clamping: min(1000, (nextStart - .now).roundedUpMilliseconds))
        }

        private mutating func apply(_ command: Command) {
            switch command {
            case .submit(let submission):
                if queued[submission.hostKey] == nil && runningPerHost[submission.hostKey] == nil {
                    hostOrder.append(submission.hostKey)
                }
                queued[submission.hostKey, default: []].append(submission)
            case .cancel(let id):
                if let handle = running.first(where: { $0.value.submission.id == id })?.key {
                    release(handle)?.continuation.resume(returning: .cancelled)
                } else if let host = queued.first(where: { $0.value.contains { $0.id == id } })?.key,
                    let index = queued[host]?.firstIndex(where: { $0.id == id })
                {
                    queued[host]?.remove(at: index).continuation.resume(returning: .cancelled)
                }
            }
        }

        /// Starts queued attempts while the global, per-host and per-host-delay limits allow; returns when
        /// the earliest delayed host may start next, if any.
        private mutating func admit() -> ContinuousClock.Instant? {
            var nextStart: ContinuousClock.Instant?
            for host in hostOrder where running.count < options.maxConcurrent {
                while running.count < options.maxConcurrent, runningPerHost[host, default: 0] < options.maxPerHost,
                    let submission = queued[host]?.first
                {
                    if let last = lastStartPerHost[host], options.perHostDelay > .zero {
                        let allowed = last + options.perHostDelay
                        if allowed > .now {
                            nextStart = min(nextStart ?? allowed, allowed)
                            break
                        }
                    }
                    queued[host]?.removeFirst()
                    start(submission)
                }
            }
            hostOrder.removeAll { queued[$0]?.isEmpty ?? true && runningPerHost[$0] == nil }
            for host in queued.keys where queued[host]?.isEmpty == true { queued[host] = nil }
            return nextStart
        }

        private mutating func start(_ submission: Submission) {
            lastStartPerHost[submission.hostKey] = .now
            let transfer: CurlTransfer
            do {
                transfer = try CurlTransfer(request: submission.request, options: options, share: multi.share)
            } catch {
                return submission.continuation.resume(returning: .failed(FetchError.Kind(error), detail: error.message))
            }
            guard multi.add(transfer) else {
                return submission.continuation.resume(
                    returning: .failed(.network, detail: "libcurl refused to add the transfer"))
            }
            running[transfer.handle] = (transfer, submission)
            runningPerHost[submission.hostKey, default: 0] += 1
        }

        private mutating func finish(_ handle: UnsafeMutableRawPointer, _ code: CURLcode) {
            guard let outcome = running[handle]?.transfer.outcome(code) else { return }
            release(handle)?.continuation.resume(returning: outcome)
        }

        /// Takes a running transfer out of the multi handle and frees its easy handle; returns its submission.
        private mutating func release(_ handle: UnsafeMutableRawPointer) -> Submission? {
            guard let (transfer, submission) = running.removeValue(forKey: handle) else { return nil }
            multi.remove(transfer)
            let remaining = runningPerHost[submission.hostKey, default: 1] - 1
            runningPerHost[submission.hostKey] = remaining > 0 ? remaining : nil
            return submission
        }

        private mutating func cancelEverything() {
            for handle in running.keys { release(handle)?.continuation.resume(returning: .cancelled) }
            for submission in queued.values.joined() { submission.continuation.resume(returning: .cancelled) }
            queued.removeAll()
        }
    }
}
