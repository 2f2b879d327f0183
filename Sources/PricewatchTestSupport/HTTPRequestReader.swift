/// Reads HTTP/1.1 requests one after another from a keep-alive connection.
struct HTTPRequestReader {
    /// A parsed request head plus its body.
    struct Request {
        var method: String
        var path: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.last { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// HTTP/1.1 keeps the connection open unless the client asks to close it.
        var wantsClose: Bool { header("Connection")?.lowercased() == "close" }
    }

    let io: SocketIO
    /// Bytes read but not consumed yet (the start of the next request on a keep-alive connection).
    private var buffer: [UInt8] = []
    private static let headTerminator: [UInt8] = Array("\r\n\r\n".utf8)
    private static let maxHeadBytes = 64 * 1024

    init(io: SocketIO) {
        self.io = io
    }

    /// The next request, or nil when the client closed the connection, went idle too long or sent garbage.
    mutating func next(idleTimeout: Duration) -> Request? {
        var headEnd = Self.find(Self.headTerminator, in: buffer)
        while headEnd == nil {
            guard buffer.count < Self.maxHeadBytes, io.receive(into: &buffer, timeout: idleTimeout) != nil else {
                return nil
            }
            headEnd = Self.find(Self.headTerminator, in: buffer)
        }
        guard let headEnd, var request = Self.parseHead(buffer[0..<headEnd]) else { return nil }
        buffer.removeFirst(headEnd + Self.headTerminator.count)

        let length = request.header("Content-Length").flatMap { Int($0.trimmingSpaces) } ?? 0
        if length > 0, request.header("Expect")?.lowercased() == "100-continue" {
            guard io.sendAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
        }
        while buffer.count < length {
            guard io.receive(into: &buffer, timeout: idleTimeout) != nil else { return nil }
        }
        request.body = Array(buffer[0..<length])
        buffer.removeFirst(length)
        return request
    }

    private static func parseHead(_ bytes: ArraySlice<UInt8>) -> Request? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let requestLine = lines.first else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces))
        }
        return Request(method: String(parts[0]), path: String(parts[1]), headers: headers, body: [])
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (header values are padded with them).
    var trimmingSpaces: String {
        let isPadding: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isPadding($0) }), let last = lastIndex(where: { !isPadding($0) })
        else { return "" }
        return String(self[first...last])
    }
}
