import PricewatchFetch
import PricewatchTestSupport
import Testing

@Suite("Fetcher: backpressure in fetchAll")
struct FetcherBackpressureTests {
    /// (maxConcurrent, maxUnconsumed passed to fetchAll, the bound on requests started before any read).
    @Test(arguments: [(2, 3, 5), (1, 1, 2), (3, nil, 9)] as [(Int, Int?, Int)])
    func slowConsumerBoundsTheRequestsStarted(maxConcurrent: Int, maxUnconsumed: Int?, bound: Int) async throws {
        let server = try LoopbackHTTPServer { request in .ok("page \(request.path)") }
        defer { server.stop() }
        let options = FetchOptions(maxConcurrent: maxConcurrent, maxPerHost: maxConcurrent, totalTimeout: .seconds(5))
        let fetcher = try Fetcher(options: options)
        let requests = (0..<(bound * 4)).map { FetchRequest(id: "\($0)", url: server.url("/p/\($0)")) }

        let results = fetcher.fetchAll(requests, maxUnconsumed: maxUnconsumed)
        // Nothing is read yet: the fetcher fills its allowance and must then stop starting transfers. Once it
        // waits for the consumer, every transfer it will start before a read has reached the server.
        #expect(await eventually { server.requests.count >= bound })
        await results.untilFetcherWaitsForConsumer()
        #expect(server.requests.count == bound)

        var bodies: Set<String> = []
        for await result in results {
            bodies.insert(String(decoding: try result.outcome.get().body, as: UTF8.self))
        }
        #expect(bodies == Set((0..<requests.count).map { "page /p/\($0)" }))
        #expect(server.requests.count == requests.count)
    }

    @Test func readingOneResultLetsOneMoreTransferStart() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("x") }
        defer { server.stop() }
        let fetcher = try Fetcher(options: FetchOptions(maxConcurrent: 1, maxPerHost: 1, totalTimeout: .seconds(5)))
        let requests = (0..<10).map { FetchRequest(id: "\($0)", url: server.url("/p/\($0)")) }

        let results = fetcher.fetchAll(requests, maxUnconsumed: 2)
        var iterator = results.makeAsyncIterator()
        #expect(await eventually { server.requests.count >= 3 })
        await results.untilFetcherWaitsForConsumer()
        #expect(server.requests.count == 3)
        #expect(await iterator.next() != nil)
        // The result handed out gave the waiting fetcher a credit; it starts one transfer and waits again.
        #expect(await eventually { server.requests.count >= 4 })
        await results.untilFetcherWaitsForConsumer()
        #expect(server.requests.count == 4)
    }
}
