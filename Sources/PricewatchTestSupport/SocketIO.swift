#if canImport(Glibc)
    import Glibc
#endif

/// Blocking I/O on one connected socket, with the waits made interruptible: every wait also wakes when the
/// peer goes away or the server shuts the socket down, so a stopped server or a client that timed out never
/// leaves a thread sleeping.
struct SocketIO {
    let fd: Int32

    /// Sends every byte or returns false when the peer is gone. `MSG_NOSIGNAL`: a closed peer must not
    /// raise SIGPIPE and kill the test process.
    func sendAll(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return true }
            let sent = send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent < 0 && errno == EINTR { continue }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Sends an array of bytes; false when the peer is gone.
    func sendAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { sendAll($0) }
    }

    /// Reads what is available into `buffer`, waiting at most `timeout`. Returns nil on EOF, error or timeout.
    func receive(into buffer: inout [UInt8], timeout: Duration) -> Int? {
        guard waitReadable(timeout: timeout) else { return nil }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        buffer.append(contentsOf: chunk[0..<count])
        return count
    }

    /// Sleeps for `duration` unless the peer closes or the socket is shut down first; false in that case.
    func pause(for duration: Duration) -> Bool {
        guard duration > .zero else { return true }
        if waitReadable(timeout: duration) {
            // Readable during a pause means EOF or shutdown (clients do not pipeline here).
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0
        }
        return true
    }

    /// Makes the next close send RST instead of FIN: the client sees "connection reset by peer".
    func closeWithReset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }

    private func waitReadable(timeout: Duration) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            return ready > 0
        }
    }
}
