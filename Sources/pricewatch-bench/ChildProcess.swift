import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How one child process ended and what it cost: its own wall time and peak RSS.
///
/// The peak comes from GNU time (`/usr/bin/time -f %M`) when installed: glibc's `posix_spawn` starts the child
/// in this process's address space, and Linux carries that high-water mark across `execve`, so the child's
/// own `wait4` rusage would report at least this (large, page-holding) process's RSS. Without GNU time the
/// `wait4` figure is used and is only an upper bound; `peakIsUpperBound` says so.
struct ChildRun {
    let exitStatus: Int32
    let seconds: Double
    /// User plus system CPU time (descendants included), so wall time can be read against both cores.
    let cpuSeconds: Double
    let peakKilobytes: Int
    let peakIsUpperBound: Bool

    /// A warning for the figure's note when the peak is only an upper bound, else empty.
    var peakCaveat: String { peakIsUpperBound ? "RSS is an upper bound (no /usr/bin/time) " : "" }
}

/// GNU time, a tiny process whose own children start from its small address space.
private let timeTool = "/usr/bin/time"

/// Runs `arguments` (looked up on `PATH` when the first has no slash) with stdout and stderr sent to files,
/// waits for it and returns its figures.
///
/// - Parameter environment: Variables laid over this process's environment, for what must not be in the
///   command line (a database password: any user can read another's arguments in `/proc`).
/// - Throws: `BenchmarkError` when the process cannot be started or is killed by a signal.
func runChild(
    _ arguments: [String], environment: [String: String] = [:], stdout: String = "/dev/null",
    stderr: String = "/dev/null"
) throws -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    let rssFile = FileManager.default.temporaryDirectory.appendingPathComponent(
        "pricewatch-bench-rss-\(getpid())-\(UUID().uuidString)"
    ).path
    let measures = FileManager.default.isExecutableFile(atPath: timeTool)
    let command = measures ? [timeTool, "-f", "%M", "-o", rssFile, "--"] + arguments : arguments
    let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }

    let clock = ContinuousClock()
    let start = clock.now
    var pid: pid_t = 0
    var variables = ProcessInfo.processInfo.environment
    variables.merge(environment) { $1 }
    let environmentPointers: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in environmentPointers { free(pointer) } }
    let spawned = posix_spawnp(&pid, command[0], &actions, nil, argv, environmentPointers)
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
    // GNU time writes "Command exited with non-zero status N" first when there is one; the figure is last.
    let timed = (try? String(contentsOfFile: rssFile, encoding: .utf8))?
        .split(whereSeparator: \.isNewline).last.flatMap { Int($0) }
    try? FileManager.default.removeItem(atPath: rssFile)
    return ChildRun(
        exitStatus: (status >> 8) & 0xff, seconds: seconds,
        cpuSeconds: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
        peakKilobytes: timed ?? usage.ru_maxrss,
        peakIsUpperBound: timed == nil)
}
