import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started by a test (the `pricewatch` binary, `pricewatch-stress`, Chromium), whose output
/// is read and whose exit is awaited on threads of its own.
///
/// Swift's concurrency pool has one thread per core, two on a CI machine. A test that blocks one of them in
/// `waitUntilExit` or `readDataToEndOfFile` stalls every other test of the process that needs it, such as
/// loopback servers answering a fetcher under a deadline. Awaiting a `TestProcess` suspends instead.
public final class TestProcess: Sendable {
    /// How a child ended and what it wrote.
    public struct Output: Sendable {
        /// The exit status, or the signal number when ``killedBySignal`` is true (as `Process` reports it).
        public var status: Int32
        /// Whether a signal ended the process rather than `exit`.
        public var killedBySignal: Bool
        /// Standard output, decoded as UTF-8.
        public var stdout: String
        /// Standard error, decoded as UTF-8.
        public var stderr: String
    }

    /// One of the child's output streams.
    public enum Stream: Sendable {
        case stdout, stderr
    }

    private struct State {
        var stdout = Data()
        var stderr = Data()
        var closedStreams: Set<Stream> = []
        var termination: (status: Int32, bySignal: Bool)?
        var terminationWaiters: [CheckedContinuation<Void, Never>] = []
        var output: Output?
        var exitWaiters: [@Sendable (Output) -> Void] = []
        var textWaiters: [(text: String, stream: Stream, waiter: CheckedContinuation<Bool, Never>)] = []

        func holds(_ text: String, on stream: Stream) -> Bool {
            String(decoding: stream == .stdout ? stdout : stderr, as: UTF8.self).contains(text)
        }
    }

    /// The child's process id.
    public let processIdentifier: Int32
    private let state = Mutex(State())
    /// Kept for the life of the child.
    private let process: Process

    /// Starts `executable` with `arguments`, its environment this process's with `environment` laid over it.
    ///
    /// - Throws: what `Process.run()` throws when the program cannot be started.
    public init(
        _ executable: URL, arguments: [String], environment: [String: String] = [:], directory: URL? = nil
    ) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let termination = Mutex<TestProcess?>(nil)
        process.terminationHandler = { process in
            let bySignal = process.terminationReason == .uncaughtSignal
            termination.withLock { $0 }?.terminated(status: process.terminationStatus, bySignal: bySignal)
        }
        try process.run()
        processIdentifier = process.processIdentifier
        // Each stream is drained on a thread of its own, so the child never blocks on a full pipe.
        for (stream, pipe) in [(Stream.stdout, stdout), (.stderr, stderr)] {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [self] in
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    received(chunk, on: stream)
                }
                closed(stream)
            }
        }
        // The handler may have run already (a child that exits at once): then ask the process directly.
        termination.withLock { $0 = self }
        if !process.isRunning {
            terminated(status: process.terminationStatus, bySignal: process.terminationReason == .uncaughtSignal)
        }
    }

    /// Sends `signal` to the child (nothing happens once it has exited).
    public func send(_ signal: Int32) {
        if isRunning { kill(processIdentifier, signal) }
    }

    /// What the child has written to `stream` so far, decoded as UTF-8.
    public func outputSoFar(_ stream: Stream = .stdout) -> String {
        state.withLock { String(decoding: stream == .stdout ? $0.stdout : $0.stderr, as: UTF8.self) }
    }

    /// Whether the child has not yet exited.
    public var isRunning: Bool { state.withLock { $0.termination == nil } }

    /// Waits until the child has exited, whether or not its output is closed (a grandchild may hold it open).
    public func terminated() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.termination == nil { state.terminationWaiters.append(continuation) }
                return state.termination != nil
            }
            if done { continuation.resume() }
        }
    }

    /// Waits until the child has exited and both of its streams are closed.
    public func exit() async -> Output {
        await withCheckedContinuation { continuation in
            whenExited { continuation.resume(returning: $0) }
        }
    }

    /// Blocks the calling thread until the child has exited and closed its output. Only for threads of
    /// their own, such as a loopback server's handler; a test task awaits ``exit()``.
    public func waitForExit() -> Output {
        let exited = DispatchSemaphore(value: 0)
        let output = Mutex<Output?>(nil)
        whenExited { finished in
            output.withLock { $0 = finished }
            exited.signal()
        }
        exited.wait()
        return output.withLock { $0! }
    }

    /// Calls `body` with the output once the child has exited and closed both streams (at once if it has).
    private func whenExited(_ body: @escaping @Sendable (Output) -> Void) {
        let output = state.withLock { state in
            if state.output == nil { state.exitWaiters.append(body) }
            return state.output
        }
        if let output { body(output) }
    }

    /// Waits until the child has written `text` to `stream`; false when it closed the stream without doing so.
    public func waitFor(_ text: String, on stream: Stream = .stdout) async -> Bool {
        await withCheckedContinuation { continuation in
            let answer = state.withLock { state -> Bool? in
                if state.holds(text, on: stream) { return true }
                if state.closedStreams.contains(stream) { return false }
                state.textWaiters.append((text, stream, continuation))
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    private func received(_ chunk: Data, on stream: Stream) {
        let satisfied = state.withLock { state in
            if stream == .stdout { state.stdout += chunk } else { state.stderr += chunk }
            let (met, waiting) = state.textWaiters.partitioned { state.holds($0.text, on: $0.stream) }
            state.textWaiters = waiting
            return met
        }
        for entry in satisfied { entry.waiter.resume(returning: true) }
    }

    /// Records that `stream` reached its end.
    private func closed(_ stream: Stream) {
        let unmet = state.withLock { state in
            state.closedStreams.insert(stream)
            let (unmet, waiting) = state.textWaiters.partitioned { $0.stream == stream }
            state.textWaiters = waiting
            return unmet
        }
        for entry in unmet { entry.waiter.resume(returning: false) }
        finishIfDone()
    }

    /// Records the exit status (once: the handler and `init` may both report it).
    private func terminated(status: Int32, bySignal: Bool) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.termination == nil else { return [] }
            state.termination = (status, bySignal)
            defer { state.terminationWaiters = [] }
            return state.terminationWaiters
        }
        for waiter in waiters { waiter.resume() }
        finishIfDone()
    }

    /// Hands the output to those waiting for ``exit()`` once the child has exited and closed both streams.
    private func finishIfDone() {
        let finished = state.withLock { state -> (Output, [@Sendable (Output) -> Void])? in
            guard state.output == nil, state.closedStreams.count == 2, let termination = state.termination else {
                return nil
            }
            let output = Output(
                status: termination.status, killedBySignal: termination.bySignal,
                stdout: String(decoding: state.stdout, as: UTF8.self),
                stderr: String(decoding: state.stderr, as: UTF8.self))
            state.output = output
            defer { state.exitWaiters = [] }
            return (output, state.exitWaiters)
        }
        guard let (output, waiters) = finished else { return }
        for waiter in waiters { waiter(output) }
    }
}

extension Array {
    /// The elements that satisfy `predicate` and those that do not, each in their original order.
    fileprivate func partitioned(_ predicate: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if predicate(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}

/// Runs blocking work (a file lock, a server's start-up) on a thread of its own and waits for it without
/// holding one of the concurrency pool's threads; see ``TestProcess`` for why that matters.
public func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
