import Foundation
import PricewatchFetch
import PricewatchTestSupport
import Testing

@Suite("Fetcher: responses, headers, encodings, conditional requests")
struct FetcherResponseTests {
    @Test func plainPageComesBackWithStatusHeadersCharsetAndBody() async throws {
        let server = try LoopbackHTTPServer(routes: [
            "/pricing": .ok("<p>€9</p>", contentType: "text/html; charset=utf-8")
        ])
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions())

        let response = try await fetcher.fetch(FetchRequest(id: "acme", url: server.url("/pricing")))

        #expect(response.id == "acme")
        #expect(response.status == 200)
        #expect(response.finalURL == server.url("/pricing"))
        #expect(response.body == Array("<p>€9</p>".utf8))
        #expect(response.charset == "utf-8")
        #expect(response.header("content-type") == "text/html; charset=utf-8")
        #expect(response.attempts == 1)
        #expect(!response.isNotModified)
        let received = try #require(server.requests.first)
        #expect(received.header("User-Agent") == FetchOptions.defaultUserAgent)
        #expect(received.header("If-None-Match") == nil)
    }

    @Test(
        arguments: [
            ("text/html; charset=ISO-8859-1", "ISO-8859-1"),
            ("text/html;charset=\"Windows-1252\"", "Windows-1252"),
            ("text/html; charset=no-such-charset", "no-such-charset"),
            ("text/html", nil),
            ("text/html; charset=", nil),
        ] as [(String, String?)])
    func charsetIsReportedExactlyAsTheServerGaveIt(contentType: String, expected: String?) async throws {
        let server = try LoopbackHTTPServer(routes: ["/": .ok("<p>x</p>", contentType: contentType)])
        defer { server.stop() }
        let response = try await Fetcher(options: quickOptions()).fetch(FetchRequest(id: "t", url: server.url("/")))
        #expect(response.charset == expected)
    }

    @Test func missingContentTypeMeansNoCharset() async throws {
        let server = try LoopbackHTTPServer(routes: ["/": .init(status: 200, body: .bytes(Array("hi".utf8)))])
        defer { server.stop() }
        let response = try await Fetcher(options: quickOptions()).fetch(FetchRequest(id: "t", url: server.url("/")))
        #expect(response.charset == nil)
        #expect(response.body == Array("hi".utf8))
    }

    @Test(arguments: [("gzip", "pricing.html.gz"), ("br", "pricing.html.br")])
    func compressedBodiesAreDecoded(encoding: String, file: String) async throws {
        let compressed = try fixture(file)
        let plain = try fixture("pricing.html")
        // The server compresses only when the client offers the encoding, as a real server would.
        let server = try LoopbackHTTPServer { request in
            let offered = request.header("Accept-Encoding")?.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard offered?.contains(encoding) == true else { return .status(406) }
            return LoopbackResponse(
                status: 200, headers: [("Content-Type", "text/html"), ("Content-Encoding", encoding)],
                body: .bytes(compressed))
        }
        defer { server.stop() }

        let response = try await Fetcher(options: quickOptions()).fetch(FetchRequest(id: "t", url: server.url("/")))

        #expect(compressed != plain)
        #expect(response.body == plain)
    }

    @Test func matchingETagGivesNotModifiedAndValidatorsAreSent() async throws {
        let lastModified = "Tue, 24 Nov 2026 10:00:00 GMT"
        let server = try LoopbackHTTPServer { request in
            if request.header("If-None-Match") == "\"v1\"" { return .status(304, headers: [("ETag", "\"v1\"")]) }
            var response = LoopbackResponse.ok("<p>$10</p>")
            response.headers += [("ETag", "\"v1\""), ("Last-Modified", lastModified)]
            return response
        }
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions())

        let first = try await fetcher.fetch(FetchRequest(id: "t", url: server.url("/")))
        let second = try await fetcher.fetch(
            FetchRequest(id: "t", url: server.url("/"), etag: first.etag, lastModified: first.lastModified))

        #expect(first.status == 200 && !first.isNotModified)
        #expect(first.etag == "\"v1\"")
        #expect(first.lastModified == lastModified)
        #expect(second.isNotModified)
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        #expect(server.requests.last?.header("If-Modified-Since") == lastModified)
    }

    @Test func postSendsBodyAndHeaders() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("ok", contentType: "text/plain") }
        defer { server.stop() }
        let payload = Array(#"{"text":"Acme Pro went from $10 to $12"}"#.utf8)
        let request = FetchRequest(
            id: "slack", url: server.url("/hooks/T000/B000"), method: "POST",
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/json"), HTTPHeader(name: "X-Run", value: "42"),
            ],
            body: payload)

        let response = try await Fetcher(options: quickOptions()).fetch(request)

        #expect(response.body == Array("ok".utf8))
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.path == "/hooks/T000/B000")
        #expect(received.body == payload)
        #expect(received.header("Content-Type") == "application/json")
        #expect(received.header("X-Run") == "42")
    }

    @Test func sequentialFetchesReuseOneConnection() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("<p>page</p>") }
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions())
        for index in 0..<5 {
            _ = try await fetcher.fetch(FetchRequest(id: "\(index)", url: server.url("/\(index)")))
        }
        #expect(server.requests.count == 5)
        #expect(server.connectionsAccepted == 1)
    }
}
