/// The results of `Fetcher.fetchAll`, in completion order: iterate with `for await`.
///
/// Each result handed out lets the fetcher start one more transfer, so at most `maxConcurrent` transfers run
/// and at most `maxUnconsumed` finished results wait for the consumer, however slow it is. Dropping the
/// sequence (ending the loop early) or cancelling the consuming task cancels the transfers still running.
public struct FetchResults: AsyncSequence, Sendable {
    /// One fetch's request and outcome.
    public typealias Element = FetchResult
    /// Iteration never throws: failures are carried in each result's `outcome`.
    public typealias Failure = Never

    let stream: AsyncStream<FetchResult>
    let credits: ResultCredits

    /// Hands out the results one by one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// One fetch's request and outcome.
        public typealias Element = FetchResult
        /// Iteration never throws.
        public typealias Failure = Never

        var base: AsyncStream<FetchResult>.Iterator
        let credits: ResultCredits

        /// The next finished fetch, or nil when every request has been answered.
        public mutating func next() async -> FetchResult? {
            guard let result = await base.next() else { return nil }
            credits.giveBack()
            return result
        }
    }

    /// Returns once the fetcher starts no new transfer until the consumer takes a result: it has used up its
    /// allowance and waits, or it has started every request. For tests of the backpressure, which wait for
    /// this event, not for time.
    package func untilFetcherWaitsForConsumer() async {
        await credits.untilProducerWaits()
    }

    /// Starts iterating; iterate once only.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), credits: credits)
    }
}
