import Foundation
import Synchronization

/// "12/300 pages" on standard error while a long run goes on — only when stderr is a terminal, so cron
/// output stays quiet.
final class ProgressLine: Sendable {
    private let total: Int
    private let done = Mutex(0)
    private let enabled: Bool

    init(total: Int) {
        self.total = total
        self.enabled = FileHandleOutput.standardError.isTerminal && total > 1
    }

    func advance() {
        guard enabled else { return }
        done.withLock { done in
            done += 1
            FileHandleOutput.standardError.write("\r\(done)/\(total) pages")
        }
    }

    func finish() {
        guard enabled else { return }
        FileHandleOutput.standardError.write("\r\u{1B}[K")
    }
}
