import PricewatchFetch
import Synchronization

/// Where a check run hands each target's result as soon as it is known, so that a run over 100,000 targets
/// need not hold them all: a report written as targets finish, or counts.
///
///     struct Counter: CheckResultSink {
///         let changed = Mutex(0)
///         func receive(_ result: Report.TargetResult, position: Int) {
///             if result.status == .changed { changed.withLock { $0 += 1 } }
///         }
///     }
public protocol CheckResultSink: Sendable {
    /// Takes one target's result; called once per target, from any task, in no particular order.
    ///
    /// - Parameters:
    ///   - result: The target's outcome.
    ///   - position: The target's index in the list the run was given, for output in configuration order.
    func receive(_ result: Report.TargetResult, position: Int)
}

/// Every result of a run, for ``CheckRunner/run(targets:)``'s report.
final class CollectedResults: CheckResultSink {
    private let results: Mutex<[Report.TargetResult?]>

    init(count: Int) { results = Mutex(Array(repeating: nil, count: count)) }

    func receive(_ result: Report.TargetResult, position: Int) {
        results.withLock { $0[position] = result }
    }

    /// The results in the run's order (every target has one once the run has returned).
    var inOrder: [Report.TargetResult] { results.withLock { $0.compactMap { $0 } } }
}

/// Passes results to a run's sink and remembers which positions have one, one byte each, so the run can
/// report the targets it never finished.
final class HandedOver: Sendable {
    private let sink: any CheckResultSink
    private let done: Mutex<[Bool]>

    init(count: Int, sink: some CheckResultSink) {
        self.sink = sink
        done = Mutex(Array(repeating: false, count: count))
    }

    func add(_ result: Report.TargetResult, at position: Int) {
        done.withLock { $0[position] = true }
        sink.receive(result, position: position)
    }

    /// The positions without a result yet.
    func missing() -> [Int] {
        done.withLock { done in done.indices.filter { !done[$0] } }
    }
}

/// The run's requests, each made only when the fetcher asks for the next one: positions whose target
/// yields no request (browser targets, failed preparations) are skipped.
struct PreparedRequests: Sequence, Sendable {
    let count: Int
    let request: @Sendable (Int) -> FetchRequest?

    init(count: Int, request: @escaping @Sendable (Int) -> FetchRequest?) {
        self.count = count
        self.request = request
    }

    func makeIterator() -> Iterator { Iterator(requests: self) }

    struct Iterator: IteratorProtocol {
        let requests: PreparedRequests
        var position = 0

        mutating func next() -> FetchRequest? {
            while position < requests.count {
                defer { position += 1 }
                if let request = requests.request(position) { return request }
            }
            return nil
        }
    }
}
