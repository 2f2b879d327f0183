import Foundation
import PricewatchCore
import PricewatchTestSupport
import Testing

/// A test failure raised as an error, for helpers that cannot go on.
struct SnapshotTestFailure: Error, CustomStringConvertible {
    var description: String
}

/// Two versions of a record with their pages, as `pricewatch-stress` reads them from a fixtures folder.
struct StressVersions {
    var a: Record
    var b: Record
    var pageA: [UInt8]
    var pageB: [UInt8]

    /// Version A is the Luma v1 record, B the v2 record; pages are distinct and large enough that writes
    /// take a while, so a kill often lands mid-write.
    static func luma(pageSize: Int = 256 * 1024) -> StressVersions {
        StressVersions(
            a: RecordSamples.lumaV1, b: RecordSamples.lumaV2, pageA: page("A", size: pageSize),
            pageB: page("B", size: pageSize))
    }

    static func page(_ label: String, size: Int) -> [UInt8] {
        let line = Array("<p>version \(label) of the page</p>\n".utf8)
        return Array((0..<(size / line.count + 1)).lazy.flatMap { _ in line }.prefix(size))
    }

    /// Writes a.json, b.json, a.html and b.html into `folder`.
    func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try PricewatchJSON.encode(a).write(to: folder.appendingPathComponent("a.json"))
        try PricewatchJSON.encode(b).write(to: folder.appendingPathComponent("b.json"))
        try Data(pageA).write(to: folder.appendingPathComponent("a.html"))
        try Data(pageB).write(to: folder.appendingPathComponent("b.html"))
    }

    /// "a" or "b" for a record with either version's content (any target, any fetch time), else nil.
    func label(of record: Record) -> String? {
        var probe = record
        probe.target = a.target
        probe.fetchedAt = a.fetchedAt
        if probe == a { return "a" }
        probe.fetchedAt = b.fetchedAt
        return probe == b ? "b" : nil
    }
}

/// The `pricewatch-stress` executable, run as a child process.
struct StressTool {
    let process: TestProcess

    /// The built `pricewatch-stress`, next to the test bundle in the build products folder.
    static func executable() throws -> URL {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        folders += Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }.map {
            $0.bundleURL.deletingLastPathComponent()
        }
        folders.append(packageRoot.appendingPathComponent(".build/debug"))
        for folder in folders {
            let candidate = folder.appendingPathComponent("pricewatch-stress")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw SnapshotTestFailure(
            description: "pricewatch-stress is not built; looked in \(folders.map(\.path)). Build it with "
                + "`swift build --build-tests` (it builds every target) and run the tests again.")
    }

    /// Starts the tool with `arguments`.
    init(_ arguments: [String]) throws {
        process = try TestProcess(try Self.executable(), arguments: arguments)
    }

    /// Waits until the tool prints `line`; fails with its error output if it exits first.
    func waitFor(_ line: String) async throws {
        guard await process.waitFor(line + "\n") else {
            let output = await process.exit()
            throw SnapshotTestFailure(
                description: "pricewatch-stress exited (\(output.status)) before it printed '\(line)': \(output.stderr)"
            )
        }
    }

    /// Waits until the tool has saved every target once.
    func waitUntilReady() async throws {
        try await waitFor("ready")
    }

    /// Sends SIGKILL and waits until the process is gone.
    func kill() async {
        process.send(SIGKILL)
        _ = await process.exit()
    }

    /// Waits for the tool to exit and returns its status and what it wrote to stderr.
    func exit() async -> (status: Int32, stderr: String) {
        let output = await process.exit()
        return (output.status, output.stderr)
    }
}

/// Names of leftover temporary files anywhere under `folder`.
func temporaryFiles(under folder: URL) -> [String] {
    let paths = FileManager.default.enumerator(atPath: folder.path)?.allObjects.compactMap { $0 as? String } ?? []
    return paths.filter { $0.hasSuffix(".tmp") }
}
