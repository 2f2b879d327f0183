/// Why a DevTools command, a page or the browser failed; the message says what to do.
public struct DevToolsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, for callers that react to some (a closed browser is restarted, a timeout is not).
    public enum Kind: Sendable, Hashable {
        /// No Chromium binary was found or it could not be started.
        case browserUnavailable
        /// The browser went away (crashed, was killed, or closed its end of the pipe).
        case browserClosed
        /// The browser did not answer or the page did not settle in time.
        case timeout
        /// The calling task was cancelled (Ctrl-C, SIGTERM, the end of a run).
        case cancelled
        /// Chromium answered a command with an error.
        case protocolError(code: Int)
        /// A page crashed, failed to load, or did something the request policy refuses.
        case page
        /// A message could not be encoded or decoded.
        case malformedMessage
    }

    /// The kind of failure.
    public var kind: Kind
    /// What happened, in words.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
