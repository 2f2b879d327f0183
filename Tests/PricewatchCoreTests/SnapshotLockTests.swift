import Foundation
import PricewatchTestSupport
import PricewatchCore
import Testing

/// A flag set from another thread.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func raise() { lock.withLock { raised = true } }
    var isRaised: Bool { lock.withLock { raised } }
}

@Suite("SnapshotLock")
struct SnapshotLockTests {
    @Test("a second non-blocking lock fails with a message naming the holder; unlock lets the next one in")
    func nonBlockingSecondLockFails() async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder.appendingPathComponent("snapshots"))
            let first = try store.lock(wait: false)
            let error = #expect(throws: SnapshotError.self) { try store.lock(wait: false) }
            #expect(error?.code == .locked)
            #expect(
                error?.description
                    == "another pricewatch run (pid \(getpid())) holds the lock on \(store.directory.path); wait for "
                    + "it to finish, or let this run wait for the lock, or use another snapshot directory.")
            first.unlock()
            first.unlock()  // A second unlock is harmless.
            let second = try store.lock(wait: false)
            second.unlock()
        }
    }

    @Test("the lock is released when it is deinitialised")
    func releasedOnDeinit() async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            do {
                let held = try store.lock(wait: false)
                #expect(throws: SnapshotError.self) { try store.lock(wait: false) }
                withExtendedLifetime(held) {}
            }
            let again = try store.lock(wait: false)
            again.unlock()
        }
    }

    @Test("a blocking lock waits until the holder releases it")
    func blockingLockWaits() async throws {
        try await withTemporaryFolder { folder async throws in
            let store = SnapshotStore(directory: folder)
            let first = try store.lock(wait: false)
            let acquired = Flag()
            let waiter = Task.detached {
                let lock = try store.lock(wait: true)
                acquired.raise()
                lock.unlock()
            }
            // Give the waiter ample time to (wrongly) get through; it must still be waiting.
            try await Task.sleep(for: .milliseconds(300))
            #expect(!acquired.isRaised)
            first.unlock()
            try await waiter.value
            #expect(acquired.isRaised)
        }
    }

    @Test("another process holding the lock blocks us, and kill -9 of that process frees it")
    func crossProcessLock() async throws {
        try await withTemporaryFolder { folder async throws in
            let snapshots = folder.appendingPathComponent("snapshots")
            let fixtures = folder.appendingPathComponent("fixtures")
            try StressVersions.luma(pageSize: 1024).write(to: fixtures)
            let tool = try StressTool(["loop", snapshots.path, fixtures.path, "--lock"])
            try tool.waitUntilReady()
            let store = SnapshotStore(directory: snapshots)
            let error = #expect(throws: SnapshotError.self) { try store.lock(wait: false) }
            #expect(error?.description.contains("pid \(tool.process.processIdentifier)") == true)

            // A second writer process is turned away too, instead of writing alongside.
            let rival = try StressTool(["loop", snapshots.path, fixtures.path, "--lock"])
            #expect(rival.waitForExit() == 3)
            #expect(rival.errorOutput().contains("holds the lock on \(snapshots.path)"))

            tool.kill()
            let lock = try store.lock(wait: false)
            lock.unlock()
        }
    }
}
