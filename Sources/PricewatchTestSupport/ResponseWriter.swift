/// Sends one `LoopbackResponse` on a connection, applying its faults.
struct ResponseWriter {
    let io: SocketIO
    /// The largest write for undripped bodies: big enough to be fast, small enough that a generated 50 MiB
    /// body never sits in memory.
    private static let blockSize = 64 * 1024

    /// Writes `response`; returns whether the connection can serve another request.
    func write(_ response: LoopbackResponse, toHead isHead: Bool) -> Bool {
        if response.closesWithoutResponse { return false }
        guard io.pause(for: response.firstByteDelay) else { return false }
        guard io.sendAll(head(of: response)) else { return false }
        if isHead { return true }

        let total = response.body.count
        let limit = response.resetAfterBodyBytes.map { min($0, total) } ?? total
        let chunkSize = response.drip?.chunkSize ?? Self.blockSize
        var sent = 0
        while sent < limit {
            let block = bodyBytes(of: response.body, from: sent, count: min(chunkSize, limit - sent))
            guard io.sendAll(response.isChunked ? Self.chunkFrame(block) : block) else { return false }
            sent += block.count
            if let drip = response.drip, sent < limit, !io.pause(for: drip.interval) { return false }
        }
        if response.resetAfterBodyBytes != nil {
            io.closeWithReset()
            return false
        }
        if response.isChunked { return io.sendAll(Array("0\r\n\r\n".utf8)) }
        return true
    }

    private func head(of response: LoopbackResponse) -> [UInt8] {
        var lines = ["HTTP/1.1 \(response.status) \(Self.reason(for: response.status))"]
        for (name, value) in response.headers { lines.append("\(name): \(value)") }
        lines.append(response.isChunked ? "Transfer-Encoding: chunked" : "Content-Length: \(response.body.count)")
        lines.append("Connection: keep-alive")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    private func bodyBytes(of body: LoopbackResponse.Body, from offset: Int, count: Int) -> [UInt8] {
        switch body {
        case .bytes(let bytes):
            return Array(bytes[offset..<offset + count])
        case .generated:
            // A repeating line of printable ASCII, so a generated body also reads as text.
            let pattern = Array("pricewatch loopback body 0123456789abcdefghijklmnopqrstuvwxyz\n".utf8)
            return (offset..<offset + count).map { pattern[$0 % pattern.count] }
        }
    }

    private static func chunkFrame(_ block: [UInt8]) -> [UInt8] {
        Array((String(block.count, radix: 16) + "\r\n").utf8) + block + Array("\r\n".utf8)
    }

    private static func reason(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
