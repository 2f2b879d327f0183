import Foundation
import PricewatchPostgres
import PricewatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("PostgresTestServer")
struct PostgresTestServerTests {
    /// `pricewatch-devserver`, next to the test bundle (`swift build --build-tests` builds every product).
    private static func devserver() throws -> URL {
        let folders =
            [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            + Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }.map {
                $0.bundleURL.deletingLastPathComponent()
            } + [TestLocations.repository.appendingPathComponent(".build/debug")]
        let found = folders.map { $0.appendingPathComponent("pricewatch-devserver") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "pricewatch-devserver is not built; run `swift build --build-tests`")
    }

    @Test("a process killed with kill -9 leaves no server behind: its watchdog stops the server and removes its folder")
    func killedOwner() async throws {
        let owner = try TestProcess(Self.devserver(), arguments: ["--postgres"])
        guard await owner.waitFor("\n"), let line = owner.outputSoFar().split(separator: "\n").first,
            line.hasPrefix("POSTGRES ")
        else {
            let output = await owner.exit()
            Issue.record("the server did not start: \(output.stdout) \(output.stderr)")
            return
        }
        let url = String(line.dropFirst("POSTGRES ".count))
        let location = try #require(PostgresLocation(url))
        let folder = try #require(URLComponents(string: url)?.queryItems?.first { $0.name == "host" }?.value)
        let session = try PostgresConnection(location)
        #expect(try session.query("SELECT 1").string(0, 0) == "1")

        kill(owner.processIdentifier, SIGKILL)
        _ = await owner.exit()
        // The fast shutdown ends this session: the statement fails long before it would end by itself.
        let ended = try await onOwnThread { () -> String? in
            do {
                try session.query("SELECT pg_sleep(300)")
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(ended != nil, "the server outlived the process that started it")
        // The watchdog removes the folder once the server has stopped.
        let deadline = ContinuousClock.now + .seconds(120)
        while FileManager.default.fileExists(atPath: folder), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
