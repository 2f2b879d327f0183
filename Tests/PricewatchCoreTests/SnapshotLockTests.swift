import Foundation
import PricewatchTestSupport
import PricewatchCore
import Synchronization
import Testing

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
            // The waiter blocks in flock(2) on a thread of its own, not on one of the test pool's threads.
            let acquired = Atomic(false)
            let waiter = Task {
                try await onOwnThread {
                    let lock = try store.lock(wait: true)
                    acquired.store(true, ordering: .sequentiallyConsistent)
                    return lock
                }
            }
            // The kernel lists a request blocked on a lock in /proc/locks: once it is there, the waiter is
            // parked, and only unlocking can let it through.
            try await waitForBlockedLockRequest(on: folder.appendingPathComponent(".lock")) {
                acquired.load(ordering: .sequentiallyConsistent)
            }
            let acquiredEarly = acquired.load(ordering: .sequentiallyConsistent)
            #expect(!acquiredEarly, "the second lock did not wait for the first")
            first.unlock()
            let second = try await waiter.value
            #expect(throws: SnapshotError.self) { try store.lock(wait: false) }
            second.unlock()
        }
    }

    @Test("another process holding the lock blocks us, and kill -9 of that process frees it")
    func crossProcessLock() async throws {
        try await withTemporaryFolder { folder async throws in
            let snapshots = folder.appendingPathComponent("snapshots")
            let fixtures = folder.appendingPathComponent("fixtures")
            try StressVersions.luma(pageSize: 1024).write(to: fixtures)
            let tool = try StressTool(["loop", snapshots.path, fixtures.path, "--lock"])
            try await tool.waitUntilReady()
            let store = SnapshotStore(directory: snapshots)
            let error = #expect(throws: SnapshotError.self) { try store.lock(wait: false) }
            #expect(error?.description.contains("pid \(tool.process.processIdentifier)") == true)

            // A second writer process is turned away too, instead of writing alongside.
            let rival = try StressTool(["loop", snapshots.path, fixtures.path, "--lock"])
            let (status, stderr) = await rival.exit()
            #expect(status == 3)
            #expect(stderr.contains("holds the lock on \(snapshots.path)"))

            await tool.kill()
            let lock = try store.lock(wait: false)
            lock.unlock()
        }
    }
}

/// Waits until /proc/locks shows a request blocked on an flock of `file` (a line `N: -> FLOCK ... dev:inode`).
/// Stops early when `gaveUp` becomes true.
private func waitForBlockedLockRequest(on file: URL, unless gaveUp: () -> Bool) async throws {
    var status = stat()
    guard stat(file.path, &status) == 0 else { throw SnapshotTestFailure(description: "\(file.path) is missing") }
    let inode = ":\(status.st_ino) "
    while !gaveUp() {
        let locks = try String(contentsOfFile: "/proc/locks", encoding: .utf8)
        let blocked = locks.split(separator: "\n").contains { $0.contains("-> FLOCK") && $0.contains(inode) }
        if blocked { return }
        try await Task.sleep(for: .milliseconds(5))
    }
}
