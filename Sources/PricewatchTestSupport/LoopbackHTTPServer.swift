import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1 that answers through a handler and can inject network faults.
///
/// Tests, benchmarks and the demo point real clients (libcurl) at it instead of mocking HTTP. It listens on a
/// port the OS picks, serves keep-alive connections with one thread each (at most `maxConnections` at once;
/// further connections wait in the listen backlog), and records every request.
///
///     let server = try LoopbackHTTPServer { request in .ok("<html>…</html>") }
///     defer { server.stop() }
///     let url = server.url("/pricing")
public final class LoopbackHTTPServer: Sendable {
    /// Turns a request into the response to send; called on the connection's thread.
    public typealias Handler = @Sendable (RecordedRequest) -> LoopbackResponse

    /// The TCP port the server listens on (chosen by the OS).
    public let port: Int
    // The threads hold the core, not the server, so dropping the last reference to the server stops them.
    private let core: LoopbackServerCore

    /// Starts listening on 127.0.0.1 with an OS-chosen port.
    ///
    /// - Parameters:
    ///   - maxConnections: how many connections are served at once (one thread each).
    ///   - handler: produces the response for each request.
    /// - Throws: `LoopbackServerError` when the socket cannot be created, bound or listened on.
    public init(maxConnections: Int = 128, handler: @escaping Handler) throws(LoopbackServerError) {
        let (fd, port) = try Self.listeningSocket()
        self.port = port
        self.core = LoopbackServerCore(listenFD: fd, maxConnections: maxConnections, handler: handler)
        core.start()
    }

    /// Starts a server answering fixed responses by exact path (query included); any other path gets 404.
    ///
    /// - Throws: `LoopbackServerError` when the server cannot start.
    public convenience init(routes: [String: LoopbackResponse]) throws(LoopbackServerError) {
        try self.init { request in routes[request.path] ?? .status(404) }
    }

    deinit { core.stop() }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The absolute URL of `path` on this server (`path` starts with `/`).
    public func url(_ path: String) -> String { baseURL + path }

    /// Every request received so far, in arrival order.
    public var requests: [RecordedRequest] { core.state.withLock { $0.requests } }

    /// The requests received so far for exactly `path`.
    public func requests(for path: String) -> [RecordedRequest] { requests.filter { $0.path == path } }

    /// How many TCP connections were accepted so far (fewer than requests when clients reuse connections).
    public var connectionsAccepted: Int { core.state.withLock { $0.connectionsAccepted } }

    /// The largest number of connections that were open at the same time.
    public var maxConcurrentConnections: Int { core.state.withLock { $0.maxOpenConnections } }

    /// The largest number of requests being answered at the same time (read but not fully answered).
    public var maxConcurrentRequests: Int { core.state.withLock { $0.maxInFlight } }

    /// How many requests are being answered right now; drops when a client goes away mid-response.
    public var requestsInProgress: Int { core.state.withLock { $0.inFlight } }

    /// Stops accepting, shuts every open connection down and waits for the server's threads to finish.
    /// Idempotent; also done when the server is deallocated.
    public func stop() { core.stop() }

    private static func listeningSocket() throws(LoopbackServerError) -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError(call: "socket") }
        var reuse: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else {
            let error = LoopbackServerError(call: "bind")
            close(fd)
            throw error
        }
        guard listen(fd, 1024) == 0 else {
            let error = LoopbackServerError(call: "listen")
            close(fd)
            throw error
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// The listening socket, the accept thread and the connection threads behind a `LoopbackHTTPServer`.
final class LoopbackServerCore: Sendable {
    private let listenFD: Int32
    private let handler: LoopbackHTTPServer.Handler
    private let maxConnections: Int
    let state = Mutex(State())
    private let threads = DispatchGroup()

    struct State {
        var stopped = false
        var openFDs: Set<Int32> = []
        var requests: [RecordedRequest] = []
        var hitsByPath: [String: Int] = [:]
        var connectionsAccepted = 0
        var maxOpenConnections = 0
        var inFlight = 0
        var maxInFlight = 0
    }

    /// How long an idle keep-alive connection is kept before the server closes it: longer than libcurl keeps
    /// an idle connection (118 s), so a test that checks connection reuse cannot fail because a loaded machine
    /// paused between two requests. `stop()` wakes and closes idle connections at once.
    private static let idleTimeout: Duration = .seconds(120)

    init(listenFD: Int32, maxConnections: Int, handler: @escaping LoopbackHTTPServer.Handler) {
        self.listenFD = listenFD
        self.handler = handler
        self.maxConnections = max(1, maxConnections)
    }

    func start() {
        threads.enter()
        Thread { [self] in
            acceptLoop()
            threads.leave()
        }.start()
    }

    func stop() {
        let wasStopped = state.withLock { state in
            defer { state.stopped = true }
            if !state.stopped {
                // Wakes every thread blocked in poll/recv on these sockets.
                for fd in state.openFDs { shutdown(fd, Int32(SHUT_RDWR)) }
            }
            return state.stopped
        }
        guard !wasStopped else { return }
        threads.wait()
        // Closed only now that the accept thread is gone, so the descriptor number cannot be reused under it;
        // from here on connecting to the port is refused.
        close(listenFD)
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func acceptLoop() {
        var listening = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
        while !isStopped {
            guard poll(&listening, 1, 50) > 0 else { continue }
            let fd = accept(listenFD, nil, nil)
            guard fd >= 0 else { continue }
            var noDelay: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let connectionID: Int? = state.withLock { state in
                guard !state.stopped else { return nil }
                state.openFDs.insert(fd)
                state.connectionsAccepted += 1
                state.maxOpenConnections = max(state.maxOpenConnections, state.openFDs.count)
                return state.connectionsAccepted
            }
            guard let connectionID else {
                close(fd)
                return
            }
            threads.enter()
            Thread { [self] in
                serve(SocketIO(fd: fd), connectionID: connectionID)
                state.withLock { _ = $0.openFDs.remove(fd) }
                close(fd)
                threads.leave()
            }.start()
            while state.withLock({ $0.openFDs.count >= maxConnections && !$0.stopped }) {
                usleep(1_000)
            }
        }
    }

    private func serve(_ io: SocketIO, connectionID: Int) {
        var reader = HTTPRequestReader(io: io)
        while !isStopped, let request = reader.next(idleTimeout: Self.idleTimeout) {
            let recorded = record(request, connectionID: connectionID)
            let response = handler(recorded)
            let keepOpen = ResponseWriter(io: io).write(response, toHead: request.method == "HEAD")
            state.withLock { $0.inFlight -= 1 }
            if !keepOpen || request.wantsClose { return }
        }
    }

    private func record(_ request: HTTPRequestReader.Request, connectionID: Int) -> RecordedRequest {
        state.withLock { state in
            let hitIndex = state.hitsByPath[request.path, default: 0]
            state.hitsByPath[request.path] = hitIndex + 1
            let recorded = RecordedRequest(
                method: request.method, path: request.path, headers: request.headers, body: request.body,
                receivedAt: .now, connectionID: connectionID, pathHitIndex: hitIndex)
            state.requests.append(recorded)
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            return recorded
        }
    }
}
