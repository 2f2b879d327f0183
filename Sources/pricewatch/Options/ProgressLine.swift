import Foundation

/// "12/300 pages" on standard error while a long run goes on — only when stderr is a terminal, so cron
/// output stays quiet.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private var done = 0
    private let enabled: Bool
    private let lock = NSLock()

    init(total: Int) {
        self.total = total
        self.enabled = FileHandleOutput.standardError.isTerminal && total > 1
    }

    func advance() {
        guard enabled else { return }
        lock.withLock {
            done += 1
            FileHandleOutput.standardError.write("\r\(done)/\(total) pages")
        }
    }

    func finish() {
        guard enabled else { return }
        FileHandleOutput.standardError.write("\r\u{1B}[K")
    }
}
