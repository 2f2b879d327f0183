import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Stops a long command cleanly on SIGINT (Ctrl-C), SIGTERM (what cron, systemd and Kubernetes send) and SIGHUP
/// (a closed terminal), all alike: the first one cancels the work under way, which stops transfers at once and
/// lets the command store what finished, queue its alerts, release the snapshot lock and report; alert
/// delivery stops after the request under way. A second signal exits at once.
///
/// The exit status is 128 + the first signal's number, as shells report a process the signal ended: 130 for
/// SIGINT, 143 for SIGTERM, 129 for SIGHUP.
///
/// The handlers are installed with `signal(2)` when this is created, so no signal is lost in between (a
/// dispatch signal source is armed later, on another thread, and a signal arriving before it was ignored). A
/// handler may do little: it records the signal and writes a byte to a pipe, and a thread reading the pipe
/// does the rest.
final class Interruption: Sendable {
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    private let onInterrupt = Mutex<(@Sendable () -> Void)?>(nil)

    /// Installs the handlers. One per process; they stay until it exits: a signal that arrives as the command
    /// returns, its work stored and its report printed, is then only recorded, where the signal's default
    /// action would have ended a finished run as killed.
    init() {
        var ends: [Int32] = [0, 0]
        if pipe(&ends) == 0 {
            interruptionPipe.store(ends[1], ordering: .sequentiallyConsistent)
            let readEnd = ends[0]
            let thread = Thread { [weak self] in
                var byte: UInt8 = 0
                while read(readEnd, &byte, 1) == 1 { self?.announce(Int32(byte)) }
            }
            thread.start()
        }
        for number in Self.signals { signal(number, recordInterruption) }
    }

    /// The first signal received, or nil while none was.
    var received: Int32? {
        let number = receivedSignal.load(ordering: .sequentiallyConsistent)
        return number == 0 ? nil : number
    }

    /// Whether a signal was received: the command should wind down.
    var isInterrupted: Bool { received != nil }

    /// The exit status for the first signal received (128 + its number), or nil while none was.
    var exitStatus: Int32? { received.map { 128 + $0 } }

    /// Runs `body` in a task the first signal cancels; returns its result.
    func cancelling<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        onInterrupt.withLock { $0 = { task.cancel() } }
        if isInterrupted { task.cancel() }
        defer { onInterrupt.withLock { $0 = nil } }
        return try await task.value
    }

    /// Runs on the pipe's thread after the first signal: says what happens and cancels the work.
    private func announce(_ number: Int32) {
        let name = number == SIGINT ? "Ctrl-C" : number == SIGTERM ? "SIGTERM" : "SIGHUP"
        FileHandle.standardError.write(Data("\ninterrupted (\(name)): stopping; a second signal quits at once\n".utf8))
        onInterrupt.withLock { $0 }?()
    }
}

/// The first signal received (0 for none), set by the handler.
private let receivedSignal = Atomic<Int32>(0)
/// The pipe's write end, for the handler.
private let interruptionPipe = Atomic<Int32>(-1)

/// The signal handler: only async-signal-safe work. The first signal is recorded and handed to the pipe's
/// thread; a second one ends the process at once.
private func recordInterruption(_ number: Int32) {
    let (first, _) = receivedSignal.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent)
    guard first else { _exit(128 + number) }
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(interruptionPipe.load(ordering: .sequentiallyConsistent), &byte, 1)
}
