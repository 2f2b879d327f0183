import Foundation

/// Unbuffered writes to standard output or standard error.
struct FileHandleOutput: Sendable {
    static let standardOutput = FileHandleOutput(handle: .standardOutput)
    static let standardError = FileHandleOutput(handle: .standardError)

    let handle: FileHandle

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }

    func write(_ data: Data) {
        handle.write(data)
    }

    /// Whether the stream is a terminal (colours and progress only then).
    var isTerminal: Bool { isatty(handle.fileDescriptor) == 1 }
}
