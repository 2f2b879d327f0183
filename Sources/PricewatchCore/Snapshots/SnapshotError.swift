#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a snapshot operation failed, with a message that says what to do about it.
public struct SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sort of failure, for callers that react differently to each.
    public enum Code: String, Hashable, Sendable {
        /// The target id cannot name a snapshot folder.
        case invalidTargetID
        /// A snapshot file exists but does not decode; it was left untouched.
        case corruptFile
        /// A snapshot file or folder could not be read.
        case readFailed
        /// A snapshot file could not be written; the previous version is intact.
        case writeFailed
        /// Another run holds the snapshot lock.
        case locked
        /// The lock file could not be opened or locked.
        case lockFailed
        /// There is no stored snapshot for an operation that needs one.
        case missingSnapshot
    }

    /// The sort of failure.
    public let code: Code
    /// The file or folder concerned, when there is one.
    public let path: String?
    /// The full message: what failed, where, and what to do.
    public let description: String

    private init(_ code: Code, path: String?, _ description: String) {
        self.code = code
        self.path = path
        self.description = description
    }

    static func invalidTargetID(_ id: String, _ reason: String) -> SnapshotError {
        SnapshotError(
            .invalidTargetID, path: nil,
            "invalid target id '\(id)': \(reason). Target ids look like 'costbench/kling-api': segments of "
                + "letters, digits, '.', '_' and '-' (starting with a letter or digit) separated by '/'.")
    }

    static func corruptFile(_ path: String, _ detail: String) -> SnapshotError {
        SnapshotError(
            .corruptFile, path: path,
            "snapshot file \(path) is corrupt (\(detail)). It was left untouched and this target will not be "
                + "saved until it is fixed: restore it (for example `git checkout -- \(path)`) or move it aside "
                + "to start the target afresh.")
    }

    static func readFailed(_ path: String, errno code: Int32) -> SnapshotError {
        SnapshotError(
            .readFailed, path: path,
            "could not read \(path): \(errorText(code)). Check the file's permissions; it was left untouched.")
    }

    static func writeFailed(_ path: String, errno code: Int32) -> SnapshotError {
        let advice =
            switch code {
            case ENOSPC, EDQUOT, EFBIG: "Free some disk space (or raise the quota) and run again."
            case EACCES, EPERM, EROFS: "Make the snapshot directory writable for this user and run again."
            default: "Check the disk and the snapshot directory, then run again."
            }
        return SnapshotError(
            .writeFailed, path: path,
            "could not write \(path): \(errorText(code)). The previous version of the file is intact. \(advice)")
    }

    static func locked(_ directory: String, holder: String?) -> SnapshotError {
        let who = holder.map { "another pricewatch run (pid \($0))" } ?? "another pricewatch run"
        return SnapshotError(
            .locked, path: directory,
            "\(who) holds the lock on \(directory); wait for it to finish, or let this run wait for the lock, "
                + "or use another snapshot directory.")
    }

    static func lockFailed(_ path: String, errno code: Int32) -> SnapshotError {
        SnapshotError(
            .lockFailed, path: path,
            "could not lock \(path): \(errorText(code)). Check that the snapshot directory is writable.")
    }

    static func missingSnapshot(_ id: String, in directory: String) -> SnapshotError {
        SnapshotError(
            .missingSnapshot, path: directory,
            "there is no stored snapshot for '\(id)' in \(directory); fetch the page without cache validators "
                + "to store a baseline.")
    }

    /// The C library's text for an errno value, with the number for searching.
    private static func errorText(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
