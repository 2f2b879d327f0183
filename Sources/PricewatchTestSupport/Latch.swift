import Foundation

/// A gate that loopback handlers wait at until the test opens it; once open it stays open for every waiter,
/// those already waiting and those still to come (a semaphore signalled once would free only one, and a
/// retried request would then hold `LoopbackHTTPServer.stop()` until its timeout).
public final class Latch: Sendable {
    private let condition = NSCondition()
    private nonisolated(unsafe) var isOpen = false  // Guarded by `condition`.

    /// A closed latch.
    public init() {}

    /// Opens the latch for good and wakes every waiter.
    public func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks the calling thread (a server's handler thread, never a test task) until the latch opens, or at
    /// most `limit`, a safety net so a failed test cannot hang its server.
    public func wait(atMost limit: TimeInterval = 600) {
        let deadline = Date().addingTimeInterval(limit)
        condition.lock()
        while !isOpen && condition.wait(until: deadline) {}
        condition.unlock()
    }
}
