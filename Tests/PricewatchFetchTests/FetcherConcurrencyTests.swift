import Foundation
import PricewatchFetch
import PricewatchTestSupport
import Synchronization
import Testing

@Suite("Fetcher: concurrency limits, fetchAll, cancellation")
struct FetcherConcurrencyTests {
    @Test(arguments: [1, 2, 4])
    func perHostLimitBoundsConcurrentRequests(limit: Int) async throws {
        // Each answer takes a while, so requests overlap as much as the fetcher lets them.
        let probe = ConcurrencyProbe()
        let server = try LoopbackHTTPServer { _ in probe.handle(.ok("<p>x</p>")) }
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions(maxPerHost: limit))
        let requests = (0..<(limit * 3)).map { FetchRequest(id: "\($0)", url: server.url("/page/\($0)")) }

        var succeeded = 0
        for await result in fetcher.fetchAll(requests) where (try? result.outcome.get()) != nil { succeeded += 1 }

        #expect(succeeded == requests.count)
        #expect(probe.peak == limit)
        #expect(server.maxConcurrentConnections <= limit)
    }

    @Test func globalLimitBoundsRequestsAcrossHosts() async throws {
        // One server reached under two host names: 127.0.0.1 and localhost count as two hosts.
        let probe = ConcurrencyProbe()
        let server = try LoopbackHTTPServer { _ in probe.handle(.ok("x")) }
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
        #expect(probe.peak == 3)
        let hosts = Set(server.requests.compactMap { $0.header("Host")?.split(separator: ":").first })
        #expect(hosts == ["127.0.0.1", "localhost"])
    }

    @Test func perHostDelaySpacesTheStartsOfRequests() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("x") }
        defer { server.stop() }
        var options = quickOptions(maxPerHost: 4)
        options.perHostDelay = .milliseconds(300)
        let requests = (0..<4).map { FetchRequest(id: "\($0)", url: server.url("/\($0)")) }

        let beforeTheFirstStart = ContinuousClock.now
        var succeeded = 0
        for await result in try Fetcher(options: options).fetchAll(requests) where (try? result.outcome.get()) != nil {
            succeeded += 1
        }

        #expect(succeeded == 4)
        // The n-th request may start no earlier than n delays after the first, and it reaches the server after it
        // starts: a bound that a loaded machine can only make later, never earlier. (Gaps between two arrivals
        // are not such a bound: the first of them may reach the server late.) Without the delay all four arrive
        // within milliseconds of the first start.
        let arrivals = server.requests.map(\.receivedAt).sorted()
        for (index, arrival) in arrivals.enumerated() {
            #expect(arrival - beforeTheFirstStart >= options.perHostDelay * index)
        }
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
        let late = LoopbackResponse.ok("late").delayingFirstByte(by: .seconds(20))
        let server = try LoopbackHTTPServer(routes: ["/": late])
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions(totalTimeout: .seconds(30)))
        let task = Task { () -> FetchError.Kind? in
            await fetchError(fetcher, FetchRequest(id: "t", url: server.url("/")))?.kind
        }
        #expect(await eventually { server.requestsInProgress == 1 })

        task.cancel()

        // Without cancellation this would be a 200 after 20 s.
        #expect(await task.value == .cancelled)
        // The transfer was removed from libcurl, which closed the connection: the server saw the client go.
        #expect(await eventually { server.requestsInProgress == 0 })
        #expect(server.requests.count == 1)
    }

    @Test func abandoningFetchAllCancelsTheRest() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/fast" ? .ok("fast") : LoopbackResponse.ok("slow").delayingFirstByte(by: .seconds(20))
        }
        defer { server.stop() }
        let fetcher = try Fetcher(options: quickOptions(totalTimeout: .seconds(30), maxPerHost: 8))
        let requests =
            [FetchRequest(id: "fast", url: server.url("/fast"))]
            + (0..<4).map { FetchRequest(id: "slow\($0)", url: server.url("/slow\($0)")) }

        var first: FetchResult?
        for await result in fetcher.fetchAll(requests) {
            first = result
            break
        }

        #expect(first?.request.id == "fast")
        // Leaving the loop cancelled the slow transfers: their connections closed long before the 20 s answer.
        #expect(await eventually { server.requestsInProgress == 0 })
    }
}

/// Holds each request for a while inside the handler and counts how many are held at once.
///
/// The handler returns before the response is written, and a client cannot start its next transfer before
/// it has the response, so this count is exact even on a loaded machine (unlike counting until the write
/// returns).
final class ConcurrencyProbe: Sendable {
    private let state = Mutex((now: 0, peak: 0))

    var peak: Int { state.withLock { $0.peak } }

    func handle(_ response: LoopbackResponse) -> LoopbackResponse {
        state.withLock {
            $0.now += 1
            $0.peak = max($0.peak, $0.now)
        }
        Thread.sleep(forTimeInterval: 0.25)
        state.withLock { $0.now -= 1 }
        return response
    }
}
