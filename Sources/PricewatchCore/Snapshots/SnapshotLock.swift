import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exclusive lock one pricewatch run holds on a snapshot folder while it writes.
///
/// An `flock` on `<folder>/.lock`: the kernel drops it when the process ends, however it ends, so a killed
/// run never leaves a stale lock. Released by ``unlock()`` or when the lock is deinitialised, exactly once.
public final class SnapshotLock: @unchecked Sendable {
    /// The lock file.
    public let path: String
    // Guards `descriptor` so concurrent `unlock()` calls release it once; hence the unchecked Sendable.
    private let guardLock = NSLock()
    private var descriptor: Int32?

    fileprivate init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Releases the lock; later calls do nothing.
    public func unlock() {
        guardLock.lock()
        defer { guardLock.unlock() }
        guard let descriptor else { return }
        self.descriptor = nil
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit {
        unlock()
    }
}

extension SnapshotStore {
    /// Takes the run lock on the snapshot folder, creating the folder if needed.
    ///
    /// Blocking mode parks the calling thread until the lock is free, so take it before starting a run's
    /// tasks rather than inside one.
    /// - Parameter wait: Whether to wait for another run to finish instead of failing at once.
    /// - Returns: The lock; keep it for the whole run.
    /// - Throws: ``SnapshotError`` with code ``SnapshotError/Code/locked`` when another run holds the lock
    ///   and `wait` is false (the message names its pid), or ``SnapshotError/Code/lockFailed``.
    public func lock(wait: Bool) throws -> SnapshotLock {
        try FileIO.makeDirectories(root, durable: durable)
        let path = root + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw SnapshotError.lockFailed(path, errno: errno) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            let holder = code == EWOULDBLOCK ? Self.holder(of: fd) : nil
            close(fd)
            throw code == EWOULDBLOCK ? SnapshotError.locked(root, holder: holder) : .lockFailed(path, errno: code)
        }
        // The pid is only for the message another run shows; the flock itself is the lock.
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 {
            _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        }
        // An index read before the lock (``preloadIndex()``) may predate a run that held it meanwhile.
        index.revalidate(indexPath: indexPath)
        return SnapshotLock(path: path, descriptor: fd)
    }

    /// The pid written in the lock file by the run holding it, if readable.
    private static func holder(of fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || !text.allSatisfy(\.isNumber) ? nil : text
    }
}
