import Foundation
import PricewatchTestSupport
import Testing

/// `pricewatch add` and `pricewatch suggest` as users run them, against a page on a loopback server.
@Suite struct AddCommandTests {
    static let page = """
        <html><head><title>Pricing | Northwind</title></head><body><div class="tiers">
          <div class="tier"><h2>Hobby</h2><div class="price">$0</div><ul><li>1 site</li></ul><button>Go</button></div>
          <div class="tier"><h2>Pro</h2><div class="price">$12<span>/mo</span></div><ul><li>10 sites</li></ul>
            <button>Go</button></div>
        </div></body></html>
        """

    static let existing = """
        # Our watch list. Keep this comment.
        sites:
          shop:   # a site with rules
            vendor:
              value: "Shop"

        targets:
          - id: shop/pricing
            site: shop
            url: https://shop.test/pricing   # the shop

        # Alerts come later.
        """

    static func server() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer(routes: [
            "/pricing": LoopbackResponse(
                status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(Array(page.utf8)))
        ])
    }

    @Test func addAppendsAnAutoTargetAndKeepsTheFileAsItWas() async throws {
        try await withTemporaryFolder { folder in
            let server = try Self.server()
            defer { server.stop() }
            let config = folder.appendingPathComponent("selectors.yml")
            try Data(Self.existing.utf8).write(to: config)
            let url = server.url("/pricing")
            let result = try await CommandRunner.run(["add", url, "--id", "northwind/pricing", "--config", config.path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("Hobby") && result.stderr.contains("Pro"))
            let text = try String(contentsOf: config, encoding: .utf8)
            #expect(text.hasPrefix(Self.existing.components(separatedBy: "\n\n# Alerts")[0]))
            #expect(text.contains("# Alerts come later."))
            #expect(text.contains("  - id: northwind/pricing\n    site: auto\n    url: \"\(url)\"\n"))
            let again = try await CommandRunner.run(["add", url, "--id", "northwind/pricing", "--config", config.path])
            #expect(again.status == 64 && again.stderr.contains("already has a target"))
        }
    }

    @Test func addWithRulesAddsASuggestedSiteThatReadsThePage() async throws {
        try await withTemporaryFolder { folder in
            let server = try Self.server()
            defer { server.stop() }
            let config = folder.appendingPathComponent("selectors.yml")
            try Data(Self.existing.utf8).write(to: config)
            let result = try await CommandRunner.run([
                "add", server.url("/pricing"), "--id", "northwind/pricing", "--rules", "--config", config.path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOf: config, encoding: .utf8)
            #expect(
                text.contains("# Our watch list. Keep this comment.") && text.contains("  shop:   # a site with rules"))
            #expect(text.contains("    site: northwind\n"))
            let page = folder.appendingPathComponent("page.html")
            try Data(Self.page.utf8).write(to: page)
            let read = try await CommandRunner.run([
                "extract", "--config", config.path, "--site", "northwind", "--format", "text", page.path,
            ])
            #expect(read.status == 0, "\(read.stderr)")
            #expect(read.stdout.contains("Hobby") && read.stdout.contains("Pro"))
        }
    }

    @Test func suggestPrintsADocumentThatExtractLoads() async throws {
        try await withTemporaryFolder { folder in
            let page = folder.appendingPathComponent("page.html")
            try Data(Self.page.utf8).write(to: page)
            let suggested = try await CommandRunner.run(["suggest", "--site", "northwind", page.path])
            #expect(suggested.status == 0, "\(suggested.stderr)")
            let config = folder.appendingPathComponent("suggested.yml")
            try Data(suggested.stdout.utf8).write(to: config)
            let read = try await CommandRunner.run([
                "extract", "--config", config.path, "--site", "northwind", "--format", "text", page.path,
            ])
            #expect(read.status == 0, "\(read.stderr)")
            #expect(read.stdout.contains("Hobby") && read.stdout.contains("$12"))
        }
    }
}
