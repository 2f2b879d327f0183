import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How one child process ended and what it cost: its own wall time and peak RSS (from `wait4`'s rusage, so
/// earlier children do not blur the figure the way `RUSAGE_CHILDREN` would).
struct ChildRun {
    let exitStatus: Int32
    let seconds: Double
    let peakKilobytes: Int
}

/// Runs `arguments` (looked up on `PATH` when the first has no slash) with stdout and stderr sent to files,
/// waits for it and returns its figures.
///
/// - Throws: `BenchmarkError` when the process cannot be started or is killed by a signal.
func runChild(_ arguments: [String], stdout: String = "/dev/null", stderr: String = "/dev/null") throws -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }

    let clock = ContinuousClock()
    let start = clock.now
    var pid: pid_t = 0
    let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
    guard spawned == 0 else {
        throw BenchmarkError(message: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = (clock.now - start).benchmarkSeconds
    // The <sys/wait.h> macros are not imported into Swift: low 7 bits are the signal, bits 8-15 the exit code.
    guard status & 0x7f == 0 else {
        throw BenchmarkError(message: "\(arguments[0]) was killed by signal \(status & 0x7f)")
    }
    return ChildRun(exitStatus: (status >> 8) & 0xff, seconds: seconds, peakKilobytes: usage.ru_maxrss)
}
