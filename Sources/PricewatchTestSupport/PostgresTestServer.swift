internal import CLinuxSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL server for tests and benchmarks: `initdb` into a fresh folder, then `pg_ctl start`
/// with the server listening only on a Unix socket in that folder (no TCP port at all).
///
/// As root, every server process runs as `nobody` (PostgreSQL refuses to run as root) through util-linux's
/// `setpriv`, and the folder is handed to that user. Every connection needs the generated password
/// (SCRAM), so tests can also try a wrong one. Use ``withPostgresServer(_:)``, which always stops the server.
public struct PostgresTestServer: Sendable {
    /// The folder holding the data directory, the socket, the log and the password file.
    public let folder: URL
    /// The superuser that tests connect as.
    public let user = "pricewatch"
    /// The superuser's generated password.
    public let password: String
    /// The socket's port number (it only names the socket file `.s.PGSQL.<port>`).
    public let port = 5432
    private let tools: PostgresTools
    /// Stops the server when this process ends, even killed; see ``PostgresServerWatchdog``.
    private let watchdog = PostgresServerWatchdog()

    /// A `postgresql://` URL for a database of this server, with the password in it.
    public func url(database: String = "postgres", password: String? = nil) -> String {
        "postgresql://\(user):\(password ?? self.password)@/\(database)?host=\(folder.path)&port=\(port)"
    }

    /// The same location as libpq `key=value` pairs.
    public func keyValueString(database: String = "postgres", password: String? = nil) -> String {
        "host=\(folder.path) port=\(port) dbname=\(database) user=\(user) password='\(password ?? self.password)'"
    }

    /// Creates and starts a server; stop it with ``stop()``.
    ///
    /// - Parameter durable: Keep PostgreSQL's default durability (`fsync` and `synchronous_commit` on), as
    ///   docs/postgres.md recommends, for benchmarks; tests run with `fsync` off, since their data is thrown away.
    /// - Throws: ``PostgresTestServerError`` naming the step that failed, with the server log's end.
    public static func start(durable: Bool = false) throws -> PostgresTestServer {
        let tools = try PostgresTools.locate()
        let owner = try ServerUser.forThisProcess()
        // As root the folder must be reachable by `nobody`: /tmp is, a temporary directory under /root is not.
        let base = owner.isSwitched ? "/tmp" : FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/pricewatch-pg-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw PostgresTestServerError("cannot create a folder under \(base): \(String(cString: strerror(errno)))")
        }
        let folder = URL(fileURLWithPath: String(cString: created))
        let server = PostgresTestServer(
            folder: folder, password: UUID().uuidString.replacingOccurrences(of: "-", with: ""), tools: tools)
        do {
            // Armed before anything is in the folder: a test process that dies during initdb or the server's
            // start (a cancelled or crashed test run) leaves neither the folder nor a server behind.
            try server.watchdog.arm(
                folder: folder.path, dataDirectory: server.dataDirectory,
                stopCommand: server.command(tools.pgCtl, owner: owner, server.stopArguments))
            try owner.give(folder.path)
            let passwordFile = folder.appendingPathComponent("password").path
            try Data(server.password.utf8).write(to: URL(fileURLWithPath: passwordFile))
            try owner.give(passwordFile)
            try server.run(
                tools.initdb, owner: owner,
                [
                    "-D", server.dataDirectory, "-U", server.user, "--pwfile=\(passwordFile)",
                    "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync",
                ], step: "initdb")
            // fsync off for tests: their data is thrown away, and syncing made every commit wait on the disk.
            let serverOptions =
                "-k \(folder.path) -p \(server.port) -c listen_addresses='' -c max_connections=60"
                + (durable ? "" : " -c fsync=off")
            try server.run(
                tools.pgCtl, owner: owner,
                ["start", "-w", "-t", "120", "-D", server.dataDirectory, "-l", server.logFile, "-o", serverOptions],
                step: "pg_ctl start")
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    /// Stops the server (fast shutdown: open sessions are ended) and deletes its folder.
    ///
    /// The watchdog does both, as it would if this process were killed; a server whose start failed before
    /// its watchdog ran is stopped here.
    public func stop() {
        guard !watchdog.stop() else { return }
        if FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid"),
            let owner = try? ServerUser.forThisProcess()
        {
            try? run(tools.pgCtl, owner: owner, stopArguments, step: "pg_ctl stop")
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private var stopArguments: [String] { ["stop", "-w", "-t", "120", "-m", "fast", "-D", dataDirectory] }

    /// The command line that runs a PostgreSQL program as the server's user.
    private func command(_ program: String, owner: ServerUser, _ arguments: [String]) -> [String] {
        (owner.launcher.map { [$0.path] + $0.arguments } ?? []) + [program] + arguments
    }

    /// The CPU time the server has used so far, in seconds: the postmaster's own and that of its children
    /// that ended (each session's backend ends with its session), from `/proc`; nil when it cannot be read.
    ///
    /// For benchmarks: read it before and after a run whose sessions are all closed.
    public func cpuSeconds() -> Double? {
        guard let pidLine = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let pid = pidLine.split(separator: "\n").first,
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ", options: .backwards)
        else { return nil }
        // After "pid (name) ": state is field 3; utime, stime, cutime, cstime are fields 14 to 17.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 14 else { return nil }
        let ticks = fields[11...14].compactMap { Double($0) }.reduce(0, +)
        return ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    var dataDirectory: String { folder.appendingPathComponent("data").path }
    var logFile: String { folder.appendingPathComponent("server.log").path }

    /// Runs a PostgreSQL program as the server's user and waits for it; its output goes to a file in the folder.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: `pg_ctl start` leaves a server running that
    /// inherits the child's descriptors, and `Process` learns that its child ended only when every holder of
    /// a descriptor it shares with the child has closed it, so it waited for the server to stop. The child
    /// also keeps no descriptor of this process beyond 0, 1 and 2, so the server never holds a test's pipe open.
    private func run(_ program: String, owner: ServerUser, _ arguments: [String], step: String) throws {
        let output = folder.appendingPathComponent("\(step.replacingOccurrences(of: " ", with: "-")).out").path
        let argv = command(program, owner: owner, arguments)
        let status = try ChildProcess.run(
            argv, environment: ["PATH=/usr/bin:/bin", "LC_ALL=C", "TZ=UTC"], directory: folder.path,
            output: output)
        guard status == 0 else {
            let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw PostgresTestServerError(
                "\(step) exited with status \(status): \(said.suffix(2000)) server log: \(log.suffix(2000))")
        }
    }
}

/// Spawns a program with a clean set of descriptors and waits for it.
enum ChildProcess {
    /// Runs `argv` (its first element an absolute path) in `directory`, with standard input from /dev/null and
    /// standard output and error appended to `output`; returns its exit status (128 + signal when killed).
    static func run(_ argv: [String], environment: [String], directory: String, output: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try GNUExtensions.closeFrom(&actions, 3)
        try GNUExtensions.changeDirectory(&actions, directory)
        var pid: pid_t = 0
        let spawned = withCStrings(argv) { argvPointers in
            withCStrings(environment) { environmentPointers in
                posix_spawn(&pid, argv[0], &actions, nil, argvPointers, environmentPointers)
            }
        }
        guard spawned == 0 else {
            throw PostgresTestServerError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw PostgresTestServerError("waiting for \(argv[0]) failed: \(String(cString: strerror(errno)))")
            }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// glibc functions that Swift's Glibc module does not import (GNU extensions, declared only under
    /// `_GNU_SOURCE`; the spawn actions need glibc 2.34+), through the `CLinuxSystem` shim.
    enum GNUExtensions {
        static func closeFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) throws {
            try check("closefrom", clinux_spawn_actions_close_from(&actions, lowest))
        }

        static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, _ path: String) throws {
            try check("chdir \(path)", clinux_spawn_actions_change_directory(&actions, path))
        }

        /// `pipe2(fds, O_CLOEXEC)`: a pipe whose ends no program started meanwhile (by another thread) inherits.
        static func closeOnExecPipe() throws -> (read: Int32, write: Int32) {
            var ends: [Int32] = [-1, -1]
            guard clinux_pipe_cloexec(&ends) == 0 else {
                throw PostgresTestServerError("cannot make a pipe: \(String(cString: strerror(errno)))")
            }
            return (ends[0], ends[1])
        }

        private static func check(_ action: String, _ code: Int32) throws {
            guard code != 0 else { return }
            throw PostgresTestServerError(
                "cannot set up the spawn action \(action): \(String(cString: strerror(code)))")
        }
    }

    static func withCStrings<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let copies = strings.map { strdup($0) } + [nil]
        defer { copies.forEach { free($0) } }
        return copies.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// Starts a ``PostgresTestServer``, runs `body`, and stops the server whether `body` returns or throws.
/// Starting and stopping wait for `initdb` and `pg_ctl` on a thread of their own (see ``TestProcess``).
public func withPostgresServer<Result>(_ body: (PostgresTestServer) async throws -> Result) async throws -> Result {
    let server = try await onOwnThread { try PostgresTestServer.start() }
    do {
        let result = try await body(server)
        try await onOwnThread { server.stop() }
        return result
    } catch {
        _ = try? await onOwnThread { server.stop() }
        throw error
    }
}

/// A test server could not be set up; the message names the step and quotes the tool's output.
public struct PostgresTestServerError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Where Debian's PostgreSQL server programs are: `PRICEWATCH_PG_BINDIR`, else the newest
/// `/usr/lib/postgresql/<version>/bin`, else `PATH`.
struct PostgresTools: Sendable {
    let initdb: String
    let pgCtl: String

    static func locate() throws -> PostgresTools {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["PRICEWATCH_PG_BINDIR"] {
            candidates.append(configured)
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in candidates where FileManager.default.isExecutableFile(atPath: folder + "/initdb") {
            return PostgresTools(initdb: folder + "/initdb", pgCtl: folder + "/pg_ctl")
        }
        throw PostgresTestServerError(
            "initdb not found in /usr/lib/postgresql/*/bin or PATH: install the server (`make deps` installs "
                + "Debian's postgresql) or set PRICEWATCH_PG_BINDIR")
    }
}

/// The user the server runs as: this process's own, or `nobody` when this process is root.
struct ServerUser {
    /// The program and arguments that switch to the user before running a server program; nil when no switch is needed.
    let launcher: (path: String, arguments: [String])?
    let uid: uid_t
    let gid: gid_t

    var isSwitched: Bool { launcher != nil }

    static func forThisProcess() throws -> ServerUser {
        guard geteuid() == 0 else { return ServerUser(launcher: nil, uid: geteuid(), gid: getegid()) }
        guard let entry = getpwnam("nobody") else {
            throw PostgresTestServerError("running as root and there is no 'nobody' user to run PostgreSQL as")
        }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let setpriv else {
            throw PostgresTestServerError("running as root and setpriv (util-linux) is missing to switch to 'nobody'")
        }
        return ServerUser(
            launcher: (setpriv, ["--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--"]), uid: uid, gid: gid)
    }

    /// Makes a file or folder the server user's.
    func give(_ path: String) throws {
        guard isSwitched else { return }
        guard chown(path, uid, gid) == 0 else {
            throw PostgresTestServerError("cannot hand \(path) to uid \(uid): \(String(cString: strerror(errno)))")
        }
    }
}
