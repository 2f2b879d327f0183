import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Stops a ``PostgresTestServer`` and deletes its folder when the process that started it ends, however it
/// ends: returning, failing, or killed with `kill -9` in the middle of a test.
///
/// The watchdog is a small shell started in a session of its own (so a terminal's Ctrl-C or a kill of the
/// test's process group leaves it running) that ignores INT, TERM and HUP and reads its standard input: a pipe
/// whose only writer is this process's descriptor, close-on-exec, so no other child holds it. The read ends
/// when that descriptor closes: in ``stop()``, or when the kernel closes it because the process died. The
/// watchdog then runs `pg_ctl stop` (fast shutdown) and removes the folder. ``stop()`` closes the pipe and
/// waits for the watchdog, so a normal stop takes the same path as a killed test run.
final class PostgresServerWatchdog: Sendable {
    private struct Armed {
        let pipe: Int32
        let pid: pid_t
    }

    private let armed = Mutex<Armed?>(nil)

    /// Starts the watchdog of a server whose data directory and folder are given; `stopCommand` stops it.
    func arm(folder: String, dataDirectory: String, stopCommand: [String]) throws {
        let ends = try ChildProcess.GNUExtensions.closeOnExecPipe()
        let script = """
            trap '' INT TERM HUP
            cat >/dev/null
            folder=$1 data=$2
            shift 2
            if [ -f "$data/postmaster.pid" ]; then "$@"; fi
            rm -rf "$folder"
            """
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends.read, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try ChildProcess.GNUExtensions.closeFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own session (POSIX_SPAWN_SETSID, glibc 2.26+), with default signal handling and nothing blocked
        // (a thread of the test process may block signals; the script's trap decides what it ignores).
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(Self.setSession | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ["/bin/sh", "-c", script, "pricewatch-pg-watchdog", folder, dataDirectory] + stopCommand
        var pid: pid_t = 0
        let spawned = ChildProcess.withCStrings(argv) { argvPointers in
            ChildProcess.withCStrings(["PATH=/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"]) { environment in
                posix_spawn(&pid, "/bin/sh", &actions, &attributes, argvPointers, environment)
            }
        }
        close(ends.read)
        guard spawned == 0 else {
            close(ends.write)
            throw PostgresTestServerError("cannot start the server's watchdog: \(String(cString: strerror(spawned)))")
        }
        armed.withLock { $0 = Armed(pipe: ends.write, pid: pid) }
    }

    /// Has the watchdog stop the server and delete its folder, and waits until it has; false when it was
    /// never started (or already stopped).
    func stop() -> Bool {
        let taken = armed.withLock { state -> Armed? in
            let taken = state
            state = nil
            return taken
        }
        guard let armed = taken else { return false }
        close(armed.pipe)
        var status: Int32 = 0
        while waitpid(armed.pid, &status, 0) == -1 && errno == EINTR {}
        return true
    }

    /// glibc's `POSIX_SPAWN_SETSID`, a GNU extension Swift's Glibc module does not import.
    private static let setSession: Int32 = 0x80
}
