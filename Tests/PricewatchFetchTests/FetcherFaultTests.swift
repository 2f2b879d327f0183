import PricewatchFetch
import PricewatchTestSupport
import Testing

@Suite("Fetcher: network faults, retries and redirects")
struct FetcherFaultTests {
    @Test func firstByteLaterThanTheTotalTimeoutIsATimeout() async throws {
        let late = LoopbackResponse.ok("late").delayingFirstByte(by: .seconds(10))
        let server = try LoopbackHTTPServer(routes: ["/": late])
        defer { server.stop() }
        let options = quickOptions(totalTimeout: .milliseconds(500), maxAttempts: 1)

        let error = try await fetchError(server.url("/"), options: options)

        #expect(error?.kind == .timeout)
        #expect(error?.attempts == 1)
        #expect(error?.description.contains(server.url("/")) == true)
    }

    @Test func dripBelowTheLowSpeedLimitIsCutOff() async throws {
        let body = LoopbackResponse(status: 200, body: .generated(count: 100_000))
        let server = try LoopbackHTTPServer(routes: [
            "/": body.dripping(chunkSize: 10, every: .milliseconds(200))
        ])
        defer { server.stop() }
        let options = quickOptions(
            totalTimeout: .seconds(20), maxAttempts: 1, lowSpeedLimit: 1000, lowSpeedTime: .seconds(1))

        let error = try await fetchError(server.url("/"), options: options)

        #expect(error?.kind == .tooSlow)
    }

    @Test func resetMidBodyIsRetriedThenReported() async throws {
        let page = LoopbackResponse(status: 200, body: .generated(count: 50_000))
        let server = try LoopbackHTTPServer(routes: ["/": page.resetting(afterBodyBytes: 1_000)])
        defer { server.stop() }

        let error = try await fetchError(server.url("/"), options: quickOptions(maxAttempts: 3))

        #expect(error?.kind == .connectionReset)
        #expect(error?.attempts == 3)
        #expect(server.requests.count == 3)
    }

    @Test func closingWithoutAResponseIsRetriedThenReported() async throws {
        let server = try LoopbackHTTPServer(routes: ["/": .closeWithoutResponse])
        defer { server.stop() }

        let error = try await fetchError(server.url("/"), options: quickOptions(maxAttempts: 2))

        #expect(error?.kind == .connectionReset)
        #expect(server.requests.count == 2)
    }

    @Test func serverErrorThenSuccessTakesTwoAttempts() async throws {
        let server = try LoopbackHTTPServer { request in
            request.pathHitIndex == 0 ? .status(500) : .ok("<p>back</p>")
        }
        defer { server.stop() }

        let response = try await Fetcher(options: quickOptions()).fetch(FetchRequest(id: "t", url: server.url("/")))

        #expect(response.status == 200)
        #expect(response.attempts == 2)
        #expect(server.requests.count == 2)
    }

    @Test func tooManyRequestsWaitsForRetryAfter() async throws {
        let server = try LoopbackHTTPServer { request in
            request.pathHitIndex == 0 ? .status(429, headers: [("Retry-After", "1")]) : .ok("<p>ok</p>")
        }
        defer { server.stop() }

        let response = try await Fetcher(options: quickOptions()).fetch(FetchRequest(id: "t", url: server.url("/")))

        #expect(response.attempts == 2)
        let requests = server.requests
        try #require(requests.count == 2)
        // Backoff alone waits at most 100 ms with these options; only Retry-After explains a second's gap.
        #expect(requests[1].receivedAt - requests[0].receivedAt >= .seconds(1))
    }

    @Test(arguments: [400, 403, 404, 410])
    func clientErrorsAreNotRetried(status: Int) async throws {
        let server = try LoopbackHTTPServer(routes: ["/": .status(status)])
        defer { server.stop() }

        let error = try await fetchError(server.url("/"))

        #expect(error?.kind == .httpStatus(status))
        #expect(error?.attempts == 1)
        #expect(server.requests.count == 1)
    }

    @Test func persistentServerErrorIsReportedAfterAllAttempts() async throws {
        let server = try LoopbackHTTPServer(routes: ["/": .status(503)])
        defer { server.stop() }

        let error = try await fetchError(server.url("/"), options: quickOptions(maxAttempts: 3))

        #expect(error?.kind == .httpStatus(503))
        #expect(error?.attempts == 3)
        #expect(server.requests.count == 3)
    }

    @Test(arguments: [(500, 1), (503, 3), (429, 3)])
    func postIsRetriedOnlyWhenTheServerCannotHaveActedOnIt(status: Int, expectedAttempts: Int) async throws {
        let server = try LoopbackHTTPServer(routes: ["/hook": .status(status, headers: [("Retry-After", "0")])])
        defer { server.stop() }
        let post = FetchRequest(id: "hook", url: server.url("/hook"), method: "POST", body: Array("{}".utf8))

        let error = await fetchError(try Fetcher(options: quickOptions(maxAttempts: 3)), post)

        #expect(error?.kind == .httpStatus(status))
        #expect(error?.attempts == expectedAttempts)
        #expect(server.requests.count == expectedAttempts)
    }

    @Test func redirectChainIsFollowed() async throws {
        let server = try LoopbackHTTPServer(routes: [
            "/old": .redirect(to: "/moved", status: 301),
            "/moved": .redirect(to: "/pricing?plan=all"),
            "/pricing?plan=all": .ok("<p>final</p>"),
        ])
        defer { server.stop() }

        let response = try await Fetcher(options: quickOptions()).fetch(FetchRequest(id: "t", url: server.url("/old")))

        #expect(response.status == 200)
        #expect(response.finalURL == server.url("/pricing?plan=all"))
        #expect(response.body == Array("<p>final</p>".utf8))
    }

    @Test func redirectLoopFailsWithTooManyRedirects() async throws {
        let server = try LoopbackHTTPServer(routes: ["/a": .redirect(to: "/b"), "/b": .redirect(to: "/a")])
        defer { server.stop() }

        let error = try await fetchError(server.url("/a"))

        #expect(error?.kind == .tooManyRedirects)
        #expect(error?.attempts == 1)
        #expect(server.requests.count == FetchOptions().maxRedirects + 1)
    }

    @Test(arguments: ["file:///etc/passwd", "gopher://127.0.0.1/1", "ftp://127.0.0.1/x"])
    func redirectToAnotherProtocolIsRefused(target: String) async throws {
        let server = try LoopbackHTTPServer(routes: ["/": .redirect(to: target)])
        defer { server.stop() }

        let error = try await fetchError(server.url("/"))

        #expect(error?.kind == .disallowedProtocol)
        #expect(error?.attempts == 1)
    }

    @Test(arguments: [
        ("file:///etc/passwd", FetchError.Kind.disallowedProtocol),
        ("gopher://127.0.0.1/", .disallowedProtocol),
        ("not a url", .invalidURL),
        ("/relative/path", .invalidURL),
    ])
    func badFirstURLIsRejectedBeforeAnyTransfer(url: String, kind: FetchError.Kind) async throws {
        let error = try await fetchError(url)
        #expect(error?.kind == kind)
        #expect(error?.attempts == 0)
    }

    @Test(arguments: [false, true])
    func hugeBodyFailsWithBodyTooLarge(chunked: Bool) async throws {
        let huge = LoopbackResponse(status: 200, body: .generated(count: 50 * 1024 * 1024))
        let server = try LoopbackHTTPServer(routes: ["/": chunked ? huge.chunked() : huge])
        defer { server.stop() }

        // Ten minutes, not twenty seconds: on a loaded machine the first 10 MB alone took longer, and the
        // timed-out attempt was retried. What is under test is the limit, never the clock.
        let error = try await fetchError(server.url("/"), options: quickOptions(totalTimeout: .seconds(600)))

        #expect(error?.kind == .bodyTooLarge(limit: 10 * 1024 * 1024))
        #expect(error?.attempts == 1)
    }

    @Test func refusedConnectionIsRetriedThenReported() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("") }
        let url = server.url("/")
        server.stop()

        let error = try await fetchError(url, options: quickOptions(maxAttempts: 2))

        #expect(error?.kind == .connectionRefused)
        #expect(error?.attempts == 2)
    }

    @Test func failedTLSHandshakeIsATLSErrorAndNotRetried() async throws {
        // A plain-HTTP server cannot complete a TLS handshake: the failure is real, not simulated.
        let server = try LoopbackHTTPServer { _ in .ok("plain") }
        defer { server.stop() }

        let error = try await fetchError("https://127.0.0.1:\(server.port)/", options: quickOptions(maxAttempts: 3))

        #expect(error?.kind == .tls)
        #expect(error?.attempts == 1)
    }

    @Test func redactedURLKeepsItsSecretOutOfErrors() async throws {
        let server = try LoopbackHTTPServer(routes: [:])
        defer { server.stop() }
        let request = FetchRequest(id: "slack", url: server.url("/services/T0/B0/s3cr3tT0ken"), redactsURL: true)

        let error = try #require(await fetchError(try Fetcher(options: quickOptions()), request))

        #expect(error.kind == .httpStatus(404))
        #expect(!error.description.contains("s3cr3tT0ken"))
        #expect(error.description.contains("127.0.0.1"))
        #expect(error.url == "http://127.0.0.1/[redacted]")
    }
}
