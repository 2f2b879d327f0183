import PricewatchFetch
import PricewatchTestSupport
import Testing

@Suite("Fetcher: concurrency limits, fetchAll, cancellation")
struct FetcherConcurrencyTests {
    @Test(arguments: [1, 2, 4])
    func perHostLimitBoundsConcurrentRequests(limit: Int) async throws {
        // Each answer takes a while, so requests overlap as much as the fetcher lets them.
        let server = try LoopbackHTTPServer { _ in LoopbackResponse.ok("<p>x</p>").delayingFirstByte(by: .milliseconds(150)) }
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions(maxPerHost: limit))
        let requests = (0..<(limit * 3)).map { FetchRequest(id: "\($0)", url: server.url("/page/\($0)")) }

        var succeeded = 0
        for await result in fetcher.fetchAll(requests) where (try? result.outcome.get()) != nil { succeeded += 1 }

        #expect(succeeded == requests.count)
        #expect(server.maxConcurrentRequests == limit)
        #expect(server.maxConcurrentConnections <= limit)
    }

    @Test func globalLimitBoundsRequestsAcrossHosts() async throws {
        // One server reached under two host names: 127.0.0.1 and localhost count as two hosts.
        let server = try LoopbackHTTPServer { _ in LoopbackResponse.ok("x").delayingFirstByte(by: .milliseconds(150)) }
        defer { server.stop() }
        let options = FetchOptions(maxConcurrent: 3, maxPerHost: 4, totalTimeout: .seconds(5))
        let requests = (0..<12).map { index in
            let host = index.isMultiple(of: 2) ? "127.0.0.1" : "localhost"
            return FetchRequest(id: "\(index)", url: "http://\(host):\(server.port)/\(index)")
        }

        var succeeded = 0
        for await result in try Fetcher(options: options).fetchAll(requests) where (try? result.outcome.get()) != nil {
            succeeded += 1
        }

        #expect(succeeded == 12)
        #expect(server.maxConcurrentRequests == 3)
        #expect(Set(server.requests.compactMap { $0.header("Host")?.split(separator: ":").first }) == ["127.0.0.1", "localhost"])
    }

    @Test func fetchAllReturnsEveryResultWithItsRequest() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path.hasSuffix("7") ? .status(404) : .ok("body of \(request.path)", contentType: "text/plain")
        }
        defer { server.stop() }
        let requests = (0..<300).map { FetchRequest(id: "id-\($0)", url: server.url("/p/\($0)")) }

        var results: [String: Result<FetchResponse, FetchError>] = [:]
        for await result in try Fetcher(options: quickOptions()).fetchAll(requests) {
            results[result.request.id] = result.outcome
        }

        #expect(results.count == 300)
        for index in 0..<300 {
            switch results["id-\(index)"] {
            case .success(let response):
                #expect(!"\(index)".hasSuffix("7"))
                #expect(response.body == Array("body of /p/\(index)".utf8))
            case .failure(let error):
                #expect("\(index)".hasSuffix("7"))
                #expect(error.kind == .httpStatus(404))
            case nil:
                Issue.record("no result for id-\(index)")
            }
        }
    }

    @Test func cancellingTheTaskStopsATransferInFlight() async throws {
        let server = try LoopbackHTTPServer(routes: ["/": LoopbackResponse.ok("late").delayingFirstByte(by: .seconds(20))])
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions(totalTimeout: .seconds(30)))
        let task = Task { () -> FetchError.Kind? in
            await fetchError(fetcher, FetchRequest(id: "t", url: server.url("/")))?.kind
        }
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }

        task.cancel()
        let kind = await task.value

        // Without cancellation this would be a 200 after 20 s.
        #expect(kind == .cancelled)
        #expect(server.requests.count == 1)
    }

    @Test func abandoningFetchAllCancelsTheRest() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/fast" ? .ok("fast") : LoopbackResponse.ok("slow").delayingFirstByte(by: .seconds(20))
        }
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions(totalTimeout: .seconds(30), maxPerHost: 8))
        let requests = [FetchRequest(id: "fast", url: server.url("/fast"))]
            + (0..<4).map { FetchRequest(id: "slow\($0)", url: server.url("/slow\($0)")) }

        var first: FetchResult?
        for await result in fetcher.fetchAll(requests) {
            first = result
            break
        }

        #expect(first?.request.id == "fast")
        // The slow transfers were removed: a fresh fetch to the same server is answered right away.
        let response = try await fetcher.fetch(FetchRequest(id: "again", url: server.url("/fast")))
        #expect(response.body == Array("fast".utf8))
    }
}
