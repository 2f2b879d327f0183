import ArgumentParser
import Foundation

/// The `pricewatch` command: watches vendor pricing pages and reports price changes.
@main
struct Pricewatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pricewatch",
        abstract: "Watch vendor pricing pages and report when prices change.",
        discussion: """
            Exit codes: 0 success, 1 changes found (check --exit-code), 2 some targets failed, \
            64 bad usage or configuration, 130 interrupted by Ctrl-C, 143 by SIGTERM, 129 by SIGHUP.
            """,
        version: "0.1.0",
        subcommands: [
            Check.self, Extract.self, Suggest.self, Add.self, Fetch.self, Diff.self, History.self, Reextract.self,
            Export.self, Notify.self,
            Store.self,
            ReportCommand.self,
            Lint.self,
        ]
    )

    /// Parses the arguments and runs the command.
    static func main() async {
        // Past a file-size limit (`ulimit -f`) a write then fails with EFBIG, which the store reports per target
        // with the previous snapshot intact, instead of SIGXFSZ killing the run half-way.
        signal(SIGXFSZ, SIG_IGN)
        // A process inherits its parent's blocked signals: one started from a libdispatch or Swift concurrency
        // thread (a test, a Swift supervisor) begins with SIGINT, SIGTERM and SIGHUP blocked, and then no signal
        // stops `check`. Unblocked here, before any other thread starts and inherits the mask.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stopSignals, number) }
        sigprocmask(SIG_UNBLOCK, &stopSignals, nil)
        await main(nil)
    }
}
