internal import CLinuxSystem
import Foundation
import PricewatchHTML
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The POSIX file operations snapshots need, each turning `errno` into a ``SnapshotError``.
///
/// Foundation's file APIs neither write through a temporary file we control nor fsync a directory, and
/// both matter here: a rename is only durable once its directory is synced, and the error must name the
/// exact cause ("No space left on device") and file.
enum FileIO {
    /// The whole file, or nil when it does not exist.
    static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SnapshotError.readFailed(path, errno: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var info = stat()
        if fstat(fd, &info) == 0, info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
        // An uninitialised buffer: zeroing 64 KB for every 200-byte `http.json` cost more than reading it.
        return try withUnsafeTemporaryAllocation(byteCount: 64 * 1024, alignment: 16) { chunk in
            while true {
                let count = systemRead(fd, chunk.baseAddress, chunk.count)
                if count == 0 { return bytes }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw SnapshotError.readFailed(path, errno: errno)
                }
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
            }
        }
    }

    /// Hands `body` a function that returns the file's next piece of at most `pieceSize` bytes (empty once
    /// the file is read), so a large file is never whole in memory; nil when the file does not exist.
    static func withPieces<Result>(
        of path: String, pieceSize: Int, _ body: (_ nextPiece: () throws -> [UInt8]) throws -> Result
    ) throws -> Result? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SnapshotError.readFailed(path, errno: errno)
        }
        defer { close(fd) }
        return try body {
            try [UInt8](unsafeUninitializedCapacity: pieceSize) { buffer, count in
                count = 0
                while count < pieceSize {
                    let read = systemRead(fd, buffer.baseAddress.map { $0 + count }, pieceSize - count)
                    if read == 0 { return }
                    if read < 0 {
                        if errno == EINTR { continue }
                        throw SnapshotError.readFailed(path, errno: errno)
                    }
                    count += read
                }
            }
        }
    }

    /// Replaces `path` with `bytes` so that readers, and the file after a crash, see the old or the new
    /// content and never a mix.
    ///
    /// Writes a temporary file beside the target, (if `durable`) fsyncs it, renames it over the target and
    /// fsyncs the directory. On any failure the temporary file is removed and the target is untouched.
    static func writeAtomically(_ bytes: some ContiguousBytes, to path: String, durable: Bool) throws {
        try writeAtomically(to: path, durable: durable) { write in bytes.withUnsafeBytes(write) }
    }

    /// ``writeAtomically(_:to:durable:)`` for content that `produce` hands to `write` in pieces, so a large
    /// file never sits whole in memory.
    static func writeAtomically(
        to path: String, durable: Bool, produce: (_ write: (UnsafeRawBufferPointer) -> Void) -> Void
    ) throws {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw SnapshotError.writeFailed(path, errno: errno) }
        var failure: Int32?
        produce { buffer in
            guard failure == nil else { return }
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == nil, durable, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw SnapshotError.writeFailed(path, errno: failure)
        }
        if durable {
            try syncDirectory(containing: path)
        } else if !FastPath.syncfs.isOn {
            writtenSinceSync.withLock { $0.append(path) }
        }
    }

    /// The files written without a flush since the last ``syncFileSystem(containing:)``, kept only while the
    /// `syncfs` fast path is off.
    private static let writtenSinceSync = Mutex<[String]>([])

    /// Removes a file if it exists, durably when asked.
    static func remove(_ path: String, durable: Bool) throws {
        if unlink(path) != 0 {
            if errno == ENOENT { return }
            throw SnapshotError.writeFailed(path, errno: errno)
        }
        if durable { try syncDirectory(containing: path) }
    }

    /// Creates a directory and its missing parents (like `mkdir -p`); safe when another thread races.
    static func makeDirectories(_ path: String, durable: Bool) throws {
        _ = try makeDirectory(path, durable: durable)
    }

    /// Creates a directory and its missing parents, and says whether `path` itself was created (false: it
    /// already existed).
    ///
    /// `mkdir` comes first, without a `stat` before it: most directories made during a run are new (a first
    /// run's target folders), and the parents are looked at only when `mkdir` says one is missing.
    static func makeDirectory(_ path: String, durable: Bool) throws -> Bool {
        if mkdir(path, 0o777) != 0 {
            switch errno {
            case EEXIST: return false
            case ENOENT where parentPath(of: path) != path:
                try makeDirectories(parentPath(of: path), durable: durable)
                return try makeDirectory(path, durable: durable)
            default: throw SnapshotError.writeFailed(path, errno: errno)
            }
        }
        if durable { try syncDirectory(containing: path) }
        return true
    }

    /// The names in a directory, without `.` and `..`, or nil when it does not exist.
    static func list(_ path: String) throws -> [String]? {
        guard let stream = opendir(path) else {
            if errno == ENOENT { return nil }
            throw SnapshotError.readFailed(path, errno: errno)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The stat identity of the file at `path`, or nil when it cannot be stat'ed.
    static func identity(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
    }

    /// Whether something exists at `path`, and whether it is a directory.
    static func exists(_ path: String, isDirectory: inout Bool) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        return true
    }

    /// Deletes temporary files left in `directory` by writers that were killed mid-write.
    ///
    /// A temporary file carries its writer's pid; only those of processes that no longer exist are removed,
    /// so a concurrent writer's file is never pulled from under it.
    /// - Parameters:
    ///   - directory: The folder to clean.
    ///   - names: Its entries, as ``list(_:)`` returned them.
    static func removeAbandonedTemporaries(in directory: String, names: [String]) {
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.split(separator: ".")
            guard parts.count >= 3, let pid = pid_t(parts[parts.count - 3]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                unlink(directory + "/" + name)
            }
        }
    }

    /// `.<name>.<pid>.<serial>.tmp` beside `path`.
    ///
    /// The serial counts up from a random start, so no two of this process's files share a name and a file
    /// left by an earlier process with the same pid is not met by chance; a `getpid` and a `getrandom` per
    /// file were two of a first run's ten system calls per file written.
    private static func temporaryPath(for path: String) -> String {
        let parent = parentPath(of: path)
        // The name after the last slash, found in the UTF-8 bytes: splitting the path into `Character`s was
        // two thirds of writing a target's `http.json`.
        let name =
            path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.utf8.index(after: $0)...]) } ?? path
        let serial = String(temporarySerial.add(1, ordering: .relaxed).newValue, radix: 36)
        return "\(parent)/.\(name).\(processID).\(serial).tmp"
    }

    private static let processID = getpid()
    private static let temporarySerial = Atomic<UInt64>(UInt64(UInt32.random(in: 0...UInt32.max)) << 16)

    private static func parentPath(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Flushes every pending write of the file system holding `directory` to disk with `syncfs(2)`: `sync()`
    /// also waits for every other file system's writes (a run once waited 8 s for a profiler's output file).
    /// Falls back to `sync()` where `syncfs` fails or the folder cannot be opened. With the `syncfs` fast path
    /// off (`PRICEWATCH_PLAIN=syncfs`) every file written since the last flush is fsynced instead.
    static func syncFileSystem(containing directory: String) {
        guard FastPath.syncfs.isOn else { return flushWrittenFiles() }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            if clinux_syncfs(fd) == 0 { return }
        }
        sync()
    }

    /// The plain way `syncfs` replaces: an `fsync` of every file written since the last flush, then of the
    /// folders holding them and their parents (new target folders).
    private static func flushWrittenFiles() {
        let paths = writtenSinceSync.withLock { paths in
            defer { paths = [] }
            return paths
        }
        let folders = Set(paths.flatMap { [parentPath(of: $0), parentPath(of: parentPath(of: $0))] })
        for path in paths + folders.sorted() {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            fsync(fd)
            close(fd)
        }
    }

    /// Makes a rename or creation in the directory holding `path` durable.
    private static func syncDirectory(containing path: String) throws {
        let directory = parentPath(of: path)
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SnapshotError.writeFailed(directory, errno: errno) }
        defer { close(fd) }
        // Some file systems do not support syncing a directory; the rename itself already happened.
        if fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP {
            throw SnapshotError.writeFailed(directory, errno: errno)
        }
    }
}

/// What `stat` says identifies one version of a file, as git's index uses it: replacing or editing the file
/// changes the inode or the change time (which no tool can set back), and usually the size and mtime too.
struct FileIdentity: Codable, Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    /// The modification time in nanoseconds since 1970.
    var modified: Int64
    /// The status change time in nanoseconds since 1970.
    var changed: Int64
}

// `FileIO.read` shadows the C `read` inside the enum; these name the C calls unambiguously.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}
