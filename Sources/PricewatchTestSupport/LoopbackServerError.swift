#if canImport(Glibc)
    import Glibc
#endif

/// Why the loopback server could not start: a socket call failed.
public struct LoopbackServerError: Error, CustomStringConvertible {
    /// The socket call that failed (`socket`, `bind`, `listen`, ...).
    public let call: String
    /// The `errno` value it set.
    public let errnoCode: Int32

    /// Captures `errno` for the call that just failed.
    init(call: String) {
        self.call = call
        self.errnoCode = errno
    }

    /// Says which call failed and why, with a hint for the usual cause (descriptor exhaustion).
    public var description: String {
        let reason = String(cString: strerror(errnoCode))
        return "Loopback HTTP server: \(call) failed: \(reason) (errno \(errnoCode)). "
            + "Check the process's open-file limit (ulimit -n) and that 127.0.0.1 is configured."
    }
}
