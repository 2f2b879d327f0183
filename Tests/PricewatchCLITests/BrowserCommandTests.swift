import Foundation
import PricewatchTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `pricewatch check` with a `render: browser` target, as cron runs it: stopping it leaves no Chromium.
@Suite struct BrowserCommandTests {
    /// The live processes whose command line mentions `text` (Chromium's name the profile folder).
    static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = Int32(entry), let bytes = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            return String(decoding: bytes, as: UTF8.self).contains(text) ? pid : nil
        }
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStoppedCheckLeavesNoChromiumBehind(signal: Int32) async throws {
        try await withTemporaryFolder { folder in
            let site = try JavaScriptPricingSite()
            let config = folder.appendingPathComponent("selectors.yml")
            try """
            sites:
            \(JavaScriptPricingSite.siteRules)
            targets:
              - {id: acme/hang, site: jsdemo, url: "\(site.url("/never"))", render: browser, wait_for: ".plan", render_timeout: 600}

            """.write(to: config, atomically: true, encoding: .utf8)
            // The browser's temporary profile goes under this folder, which names every Chromium process.
            let temporary = folder.appendingPathComponent("tmp")
            try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
            let process = try CommandRunner.start(
                ["check", "--config", config.path, "--snapshots", folder.appendingPathComponent("snapshots").path],
                environment: ["TMPDIR": temporary.path])
            try await waitUntil("the browser loads the page", or: process) {
                !site.server.requests(for: "/never").isEmpty
            }
            #expect(!Self.processes(mentioning: temporary.path).isEmpty, "no Chromium process was running")
            process.send(signal)
            let output = await process.exit()
            #expect(output.status == 128 + signal)
            #expect(output.stdout.contains("acme/hang"))
            #expect(Self.processes(mentioning: temporary.path).isEmpty, "Chromium processes left behind")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty, "profile left behind")
        }
    }
}
