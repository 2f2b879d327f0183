import Foundation

/// Downloads pages over HTTP(S) with libcurl: many at once within global and per-host limits, with
/// timeouts, retries, redirects limited to http/https, a body size limit and conditional requests.
///
/// One `Fetcher` serves a whole run; it owns one libcurl multi handle driven by one thread.
///
///     let fetcher = try Fetcher(options: FetchOptions(maxPerHost: 2))
///     for await result in fetcher.fetchAll(requests) { ... }
public final class Fetcher: Sendable {
    /// The limits this fetcher applies.
    public let options: FetchOptions
    private let engine: TransferEngine
    private let retryPolicy: RetryPolicy

    /// Creates a fetcher and starts its transfer thread.
    ///
    /// - Throws: `FetchOptionsError` for an option out of range, `CurlSetupError` if libcurl cannot start.
    public init(options: FetchOptions = FetchOptions()) throws {
        try options.validate()
        self.options = options
        self.engine = try TransferEngine(options: options)
        self.retryPolicy = RetryPolicy(options)
    }

    deinit { engine.shutDown() }

    /// Fetches one request, retrying transient failures (connection errors, timeouts, 429, 5xx; for POST
    /// only failures the server cannot have acted on).
    ///
    /// - Returns: the final response; a 304 comes back as a response with `isNotModified`.
    /// - Throws: `FetchError` for a bad or disallowed URL, a network failure, an HTTP status of 400 or
    ///   more, a body over the limit, or cancellation of the calling task.
    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        guard let parts = URLParts(request.url) else { throw FetchError(.invalidURL, request: request, attempts: 0) }
        guard parts.isHTTP else { throw FetchError(.disallowedProtocol, request: request, attempts: 0) }
        guard !parts.host.isEmpty else { throw FetchError(.invalidURL, request: request, attempts: 0) }
        let started = ContinuousClock.now
        var attempts = 0
        while true {
            attempts += 1
            let error: FetchError
            var failedHeaders: [HTTPHeader] = []
            switch await engine.attempt(request, hostKey: parts.hostKey) {
            case .completed(let response) where response.status < 400:
                let duration = (ContinuousClock.now - started).seconds
                return FetchResponse(id: request.id, attempt: response, duration: duration, attempts: attempts)
            case .completed(let response):
                error = FetchError(
                    .httpStatus(response.status), request: request, attempts: attempts,
                    detail: Self.excerpt(of: response.body))
                failedHeaders = response.headers
            case .failed(let kind, let detail):
                error = FetchError(kind, request: request, attempts: attempts, detail: detail)
            case .cancelled:
                throw FetchError(.cancelled, request: request, attempts: attempts)
            }
            guard error.isRetryable(idempotent: request.isIdempotent), attempts < options.maxAttempts else {
                throw error
            }
            let wait = retryPolicy.delay(
                afterAttempt: attempts, headers: failedHeaders, now: Date().timeIntervalSince1970)
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw FetchError(.cancelled, request: request, attempts: attempts)
            }
        }
    }

    /// Fetches every request concurrently (within the limits) and yields each result as soon as it is
    /// done, so processing can start while other pages still download. Ending the iteration early, or
    /// cancelling the consuming task, cancels the transfers still running.
    ///
    /// - Parameters:
    ///   - requests: the requests, started in this order as the limits allow; a lazy sequence is read one
    ///     request at a time as transfers start, so a caller can prepare 100,000 requests without holding them.
    ///   - maxUnconsumed: how many finished results may wait for the consumer before no new transfer is
    ///     started (backpressure, so a slow consumer does not make bodies pile up in memory); nil means
    ///     twice `maxConcurrent`, values below 1 count as 1.
    public func fetchAll(
        _ requests: some Sequence<FetchRequest> & Sendable, maxUnconsumed: Int? = nil
    ) -> FetchResults {
        let (stream, continuation) = AsyncStream.makeStream(of: FetchResult.self)
        // A credit covers a fetch from its start until its result is handed out: running plus waiting.
        let credits = ResultCredits(options.maxConcurrent + max(1, maxUnconsumed ?? 2 * options.maxConcurrent))
        let producer = Task {
            // A discarding group frees each transfer's task when it ends; a plain group would keep all of
            // them until the last one, about 8 KB per request.
            await withDiscardingTaskGroup { group in
                for request in requests {
                    guard await credits.take() else { break }
                    group.addTask {
                        let outcome: Result<FetchResponse, FetchError>
                        do throws(FetchError) {
                            outcome = .success(try await self.fetch(request))
                        } catch {
                            outcome = .failure(error)
                        }
                        continuation.yield(FetchResult(request: request, outcome: outcome))
                    }
                }
                credits.close()  // Every request is started (or the consumer left): no credit is needed.
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in
            credits.close()
            producer.cancel()
        }
        return FetchResults(stream: stream, credits: credits)
    }

    /// The start of an error response's body as words, for the error message (Slack explains failures
    /// there): markup and runs of whitespace are dropped, so an HTML error page reads "Error response
    /// Error code: 404" rather than its tags.
    static func excerpt(of body: [UInt8]) -> String {
        var words = ""
        var inTag = false
        for character in String(decoding: body.prefix(4096), as: UTF8.self) {
            switch character {
            case "<": inTag = true
            case ">" where inTag: inTag = false
            case _ where inTag: continue
            case _ where character.isWhitespace:
                if !words.isEmpty && words.last != " " { words.append(" ") }
            default: words.append(character)
            }
            if words.count > 200 { return words.prefix(200).trimmingSuffixSpace() + "…" }
        }
        return words.trimmingSuffixSpace()
    }
}

extension StringProtocol {
    fileprivate func trimmingSuffixSpace() -> String {
        String(self.reversed().drop(while: { $0 == " " }).reversed())
    }
}
