import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One DevTools protocol connection over `--remote-debugging-pipe`: JSON messages ended by a NUL byte.
///
/// Commands get increasing ids and are answered by the reader thread, which resumes the waiting caller.
/// Every wait is bounded: a command fails with `timeout` when no answer comes in time, with `cancelled` when
/// its task is cancelled, and with `browserClosed` as soon as the pipe closes. Events go to subscribers,
/// called on the reader thread (they must not block).
public final class DevToolsConnection: Sendable {
    /// Receives the events of one session (nil: browser-level events), and ``DevToolsEvent/disconnected``.
    public typealias EventHandler = @Sendable (DevToolsEvent) -> Void

    private struct Subscriber {
        let sessionID: String?
        let handler: EventHandler
    }

    private struct State {
        var nextID = 0
        var pending: [Int: (method: String, continuation: CheckedContinuation<Result<Data, DevToolsError>, Never>)] =
            [:]
        var subscribers: [Int: Subscriber] = [:]
        var closed: DevToolsError?
        var writeFD: Int32
    }

    private let state: Mutex<State>
    /// Serialises writers so messages never interleave.
    private let writeLock = Mutex(())

    /// Takes ownership of both pipe ends and starts the reader thread.
    init(readFD: Int32, writeFD: Int32) {
        // A write after the browser died must fail with EPIPE, not kill pricewatch with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        // Writes wait at most a bounded time for room in the pipe, so a hung browser cannot hang a writer.
        _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
        state = Mutex(State(writeFD: writeFD))
        let thread = Thread { [self] in readLoop(readFD) }
        thread.name = "devtools-reader"
        thread.start()
    }

    /// Whether the pipe is still open.
    public var isConnected: Bool { state.withLock { $0.closed == nil } }

    /// Sends a command and waits for its result, at most `timeout`.
    ///
    /// - Parameters:
    ///   - command: the command and its parameters.
    ///   - session: the attached target's session, or nil for a browser-level command.
    ///   - timeout: how long to wait for the answer.
    /// - Throws: ``DevToolsError``: `protocolError` when Chromium answers with an error, `timeout`,
    ///   `cancelled`, `browserClosed`, or `malformedMessage`.
    public func send<Command: DevToolsCommand>(_ command: Command, session: String? = nil, timeout: Duration)
        async throws(DevToolsError) -> Command.Response
    {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let method = Command.method
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let closed = state.withLock { state -> DevToolsError? in
                    if let closed = state.closed { return closed }
                    state.pending[id] = (method, continuation)
                    return nil
                }
                if let closed { return continuation.resume(returning: .failure(closed)) }
                if Task.isCancelled { return finish(id, .failure(Self.cancelled(method))) }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout.seconds) { [self] in
                    finish(
                        id,
                        .failure(
                            DevToolsError(
                                .timeout, "Chromium did not answer \(method) within \(Int(timeout.seconds)) s")))
                }
                let written = Result { () throws(DevToolsError) in
                    try write(CommandEnvelope(id: id, method: method, params: command, sessionId: session))
                }
                if case .failure(let error) = written { finish(id, .failure(error)) }
            }
        } onCancel: {
            finish(id, .failure(Self.cancelled(method)))
        }
        let message = try outcome.get()
        do {
            return try JSONDecoder().decode(ResultEnvelope<Command.Response>.self, from: message).result
        } catch {
            throw DevToolsError(.malformedMessage, "cannot read Chromium's answer to \(method): \(error)")
        }
    }

    /// Sends a command without waiting for its answer (from an event handler, which must not block).
    public func post<Command: DevToolsCommand>(_ command: Command, session: String? = nil) {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try? write(CommandEnvelope(id: id, method: Command.method, params: command, sessionId: session))
    }

    /// Calls `handler` with every event of `session` (nil: browser-level events) until unsubscribed; also
    /// once with ``DevToolsEvent/disconnected`` when the pipe closes (at once if it is closed already).
    ///
    /// - Returns: a token for ``unsubscribe(_:)``.
    public func subscribe(session: String?, _ handler: @escaping EventHandler) -> Int {
        let (token, closed) = state.withLock { state in
            state.nextID += 1
            state.subscribers[state.nextID] = Subscriber(sessionID: session, handler: handler)
            return (state.nextID, state.closed != nil)
        }
        if closed { handler(DevToolsEvent(method: DevToolsEvent.disconnected, sessionID: session, message: Data())) }
        return token
    }

    /// Stops the calls of a subscription's handler.
    public func unsubscribe(_ token: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: token) }
    }

    /// Closes this side's writing end: Chromium takes the end of its input as the request to quit.
    func closeWritingEnd() {
        writeLock.withLock { _ in
            let fd = state.withLock { state in
                defer { state.writeFD = -1 }
                return state.writeFD
            }
            if fd >= 0 { close(fd) }
        }
    }

    private static func cancelled(_ method: String) -> DevToolsError {
        DevToolsError(.cancelled, "cancelled while waiting for Chromium to answer \(method)")
    }

    private func finish(_ id: Int, _ result: Result<Data, DevToolsError>) {
        state.withLock { $0.pending.removeValue(forKey: id) }?.continuation.resume(returning: result)
    }

    private func write(_ envelope: some Encodable) throws(DevToolsError) {
        var bytes: [UInt8]
        do {
            bytes = Array(try JSONEncoder().encode(envelope))
        } catch {
            throw DevToolsError(.malformedMessage, "cannot encode a DevTools command: \(error)")
        }
        bytes.append(0)
        try writeLock.withLock { _ throws(DevToolsError) in
            let fd = state.withLock { $0.writeFD }
            guard fd >= 0 else { throw DevToolsError(.browserClosed, "the connection to Chromium is closed") }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && errno == EAGAIN {
                    // The browser is not reading: wait for room, but not forever.
                    var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    if poll(&poller, 1, 30_000) == 0 {
                        throw DevToolsError(.timeout, "Chromium stopped reading DevTools commands for 30 s")
                    }
                } else {
                    throw DevToolsError(
                        .browserClosed, "Chromium closed the DevTools pipe (\(ChromiumProcess.errnoText()))")
                }
            }
        }
    }

    /// Reads NUL-separated messages until the pipe closes, then fails everything still waiting.
    private func readLoop(_ fd: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var scanned = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            var start = 0
            while let end = buffer[scanned...].firstIndex(of: 0) {
                dispatch(Data(buffer[start..<end]))
                start = end + 1
                scanned = start
            }
            if start > 0 { buffer.removeFirst(start) }
            scanned = buffer.count
        }
        close(fd)
        let closedError = DevToolsError(
            .browserClosed, "Chromium closed the DevTools pipe: the browser exited or crashed")
        let (pending, subscribers) = state.withLock { state in
            state.closed = closedError
            defer { state.pending = [:] }
            return (Array(state.pending.values), Array(state.subscribers.values))
        }
        pending.forEach { $0.continuation.resume(returning: .failure(closedError)) }
        for subscriber in subscribers {
            subscriber.handler(
                DevToolsEvent(method: DevToolsEvent.disconnected, sessionID: subscriber.sessionID, message: Data()))
        }
    }

    private func dispatch(_ message: Data) {
        guard let header = try? JSONDecoder().decode(MessageHeader.self, from: message) else { return }
        if let id = header.id {
            let result: Result<Data, DevToolsError> =
                if let error = header.error {
                    .failure(DevToolsError(.protocolError(code: error.code), "Chromium refused: \(error.message)"))
                } else {
                    .success(message)
                }
            finish(id, result)
        } else if let method = header.method {
            let event = DevToolsEvent(method: method, sessionID: header.sessionId, message: message)
            let handlers = state.withLock { state in
                state.subscribers.values.filter { $0.sessionID == header.sessionId }.map(\.handler)
            }
            handlers.forEach { $0(event) }
        }
    }
}
