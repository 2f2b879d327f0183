// pricewatch-stress: drives a SnapshotStore from a separate process so tests can kill it mid-write or
// starve it of file size. Not a user tool.
//
//   pricewatch-stress loop SNAPSHOTS FIXTURES [--lock] [--unsynced]
//       Saves the records FIXTURES/a.json and FIXTURES/b.json (with pages a.html / b.html and ETags "a" /
//       "b") alternately for the targets stress/one, stress/two and stress/three, forever. Prints "saved N"
//       after its Nth save, and "ready" once every target has been saved. With --lock, holds the run lock (failing if it is taken). With
//       --unsynced, skips fsync, so most of the time goes into writing and a kill mostly lands mid-write.
//   pricewatch-stress fill SNAPSHOTS FIXTURES MAX_FILE_BYTES
//       Caps the size of any file it writes (RLIMIT_FSIZE) and saves b.json for stress/one once; a write
//       that hits the cap fails like a full disk. Prints the error and exits 3 on failure, 0 on success.
import Foundation
import PricewatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let stressTargets = ["stress/one", "stress/two", "stress/three"]

struct Version {
    var record: Record
    var page: [UInt8]
    var validators: CacheValidators
}

func fail(_ message: String, code: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

func loadVersion(_ name: String, from fixtures: URL) -> Version {
    do {
        let json = try Data(contentsOf: fixtures.appendingPathComponent("\(name).json"))
        let record = try PricewatchJSON.decoder().decode(Record.self, from: json)
        let page = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("\(name).html")))
        return Version(record: record, page: page, validators: CacheValidators(url: record.url, etag: name))
    } catch {
        fail("pricewatch-stress: cannot load fixture '\(name)' from \(fixtures.path): \(error)")
    }
}

func save(_ version: Version, as target: String, in store: SnapshotStore, at time: Date) throws {
    var record = version.record
    record.target = target
    record.fetchedAt = time.formatted(Date.ISO8601FormatStyle())  // Unique per round, so versions are told apart.
    try store.save(record, page: version.page, at: time, validators: version.validators)
}

func limitFileSize(to bytes: UInt64) {
    signal(SIGXFSZ, SIG_IGN)  // Turn the signal into an EFBIG error from write(), as a full disk would give.
    var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
    #if os(Linux)
        let result = setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
    #else
        let result = setrlimit(RLIMIT_FSIZE, &limit)
    #endif
    if result != 0 { fail("pricewatch-stress: setrlimit failed: \(String(cString: strerror(errno)))") }
}

/// Saves the two versions alternately until killed; prints "saved N" after each save, "ready" after the first round.
func saveForever() -> Never {
    var round = 0
    var saves = 0
    var time = Date(timeIntervalSince1970: 1_780_000_000)
    while true {
        for target in stressTargets {
            do {
                try save(versions[round % 2], as: target, in: store, at: time)
                // Every third round also records a sighting without a new record, as after a 304.
                if round % 3 == 0 { try store.markSeen(target, at: time.addingTimeInterval(1)) }
            } catch {
                fail("pricewatch-stress: \(error)", code: 3)
            }
            saves += 1
            FileHandle.standardOutput.write(Data("saved \(saves)\n".utf8))
        }
        if round == 0 { FileHandle.standardOutput.write(Data("ready\n".utf8)) }
        round += 1
        time = time.addingTimeInterval(60)
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else { fail("usage: pricewatch-stress loop|fill SNAPSHOTS FIXTURES [...]", code: 64) }
let store = SnapshotStore(
    directory: URL(fileURLWithPath: arguments[2]),
    durability: arguments.dropFirst(4).contains("--unsynced") ? .processCrashSafe : .synced)
let fixtures = URL(fileURLWithPath: arguments[3])
let versions = [loadVersion("a", from: fixtures), loadVersion("b", from: fixtures)]

switch arguments[1] {
case "loop":
    var runLock: SnapshotLock?
    if arguments.dropFirst(4).contains("--lock") {
        do { runLock = try store.lock(wait: false) } catch { fail("\(error)", code: 3) }
    }
    withExtendedLifetime(runLock) { saveForever() }
case "fill":
    guard arguments.count >= 5, let limit = UInt64(arguments[4]) else { fail("fill needs MAX_FILE_BYTES", code: 64) }
    limitFileSize(to: limit)
    do {
        try save(versions[1], as: stressTargets[0], in: store, at: Date(timeIntervalSince1970: 1_790_000_000))
    } catch {
        fail("\(error)", code: 3)
    }
default:
    fail("pricewatch-stress: unknown mode '\(arguments[1])'", code: 64)
}
