import Foundation
import PricewatchTestSupport
import Synchronization

/// A loopback server whose pages the test swaps between runs, recording the requests it answers.
final class PageServer: Sendable {
    /// Page bodies and ETags by path, shared with the server's handler.
    private final class Pages: Sendable {
        let content = Mutex<[String: (body: [UInt8], etag: String?)]>([:])
    }

    private let pages = Pages()
    let server: LoopbackHTTPServer

    init() throws {
        let pages = self.pages
        server = try LoopbackHTTPServer { request in
            guard let page = pages.content.withLock({ $0[request.path] }) else { return .status(404) }
            let body = page.body
            var headers: [(name: String, value: String)] = [("Content-Type", "text/html; charset=utf-8")]
            if let etag = page.etag {
                if request.headers.contains(where: { $0.name.lowercased() == "if-none-match" && $0.value == etag }) {
                    return .status(304, headers: [("ETag", etag)])
                }
                headers.append(("ETag", etag))
            }
            return LoopbackResponse(status: 200, headers: headers, body: .bytes(body))
        }
    }

    deinit { server.stop() }

    /// Serves `bytes` at `path`, with an ETag when given (and then answers 304 to a matching request).
    func serve(_ path: String, _ bytes: [UInt8], etag: String? = nil) {
        pages.content.withLock { $0[path] = (bytes, etag) }
    }

    func url(_ path: String) -> String { server.url(path) }
}
