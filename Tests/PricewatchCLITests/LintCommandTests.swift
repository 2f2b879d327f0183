import Foundation
import PricewatchTestSupport
import Testing

/// `pricewatch lint` checks the rules against the stored pages without fetching.
@Suite struct LintCommandTests {
    static let page = """
        <html><body><h1 class="vendor">Acme</h1>
        <div class="card featured"><h3>Pro</h3><p class="price">$10/mo</p></div>
        <div class="card popular"><h3>Pro </h3><p class="price">$100/yr</p></div>
        </body></html>
        """

    static let goodRules = """
        sites:
          acme:
            vendor: {css: "h1.vendor"}
            plans:
              each: {css: ".card"}
              name: {xpath: "h3"}
              prices:
                monthly: {css: ".price"}
        """

    static let pitfallRules = """
        sites:
          acme:
            vendor: {css: "h1.vendor"}
            free_tier: {xpath: "//p[@class='free']"}
            plans:
              each: {css: ".card"}
              name: {xpath: "h3"}
              prices:
                monthly: {css: ".price"}
                annual: {xpath: "p[@class='annual']"}
              best_for: {xpath: "h3", regex: "^Best for (.+)$"}
            extras:
              badge: {xpath: "//div[@class='card']/span"}
        """

    static func write(_ rules: String, targets: String, in folder: URL, name: String) throws -> String {
        let file = folder.appendingPathComponent(name)
        try (rules + "\ntargets:\n" + targets).write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func lintReportsEveryPitfallOnTheStoredPageWithoutFetching() async throws {
        try await withTemporaryFolder { folder in
            let server = try LoopbackHTTPServer { _ in .ok(Self.page) }
            defer { server.stop() }
            let targets = """
                  - {id: acme/pro, site: acme, url: "\(server.url("/pricing"))"}
                  - {id: acme/never-fetched, site: acme, url: "\(server.url("/other"))"}
                """
            let good = try Self.write(Self.goodRules, targets: targets, in: folder, name: "good.yml")
            let pitfalls = try Self.write(Self.pitfallRules, targets: targets, in: folder, name: "pitfalls.yml")
            let snapshots = folder.appendingPathComponent("snapshots").path
            let stored = try await CommandRunner.run([
                "check", "--config", good, "--snapshots", snapshots, "--target", "acme/pro", "--no-notify",
            ])
            #expect(stored.status == 0, "\(stored.stderr)")
            #expect(
                stored.stdout.contains("warning: two or more plans are named 'Pro'"),
                "check flags plans the differ cannot tell apart: \(stored.stdout)")
            let requestsBefore = server.requests.count

            let output = try await CommandRunner.run(["lint", "--config", pitfalls, "--snapshots", snapshots])

            #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
            #expect(server.requests.count == requestsBefore, "lint fetches nothing")
            let lines = output.stdout.split(separator: "\n").map(String.init)
            func line(_ key: String) -> String? { lines.first { $0.contains(key) } }
            #expect(line("sites.acme.free_tier:")?.contains("matches nothing on the stored page") == true, "\(lines)")
            #expect(line("sites.acme.plans.prices.annual:")?.contains("matches nothing") == true, "\(lines)")
            #expect(
                line("sites.acme.plans.best_for:")?.contains("empty on the stored page: its selector matches") == true,
                "\(lines)")
            let badge = line("sites.acme.extras.badge:") ?? ""
            #expect(badge.contains("class=\"card featured\""), "\(lines)")
            #expect(badge.contains("contains(concat(' ', normalize-space(@class), ' '), ' card ')"))
            #expect(line("named 'Pro'")?.contains("cannot tell them apart") == true, "\(lines)")
            #expect(line("[acme/never-fetched]")?.contains("no stored page") == true, "\(lines)")
            for fine in ["sites.acme.vendor:", "sites.acme.plans.prices.monthly:"] {
                #expect(line(fine) == nil, "\(fine) works: \(lines)")
            }

            let clean = try await CommandRunner.run([
                "lint", "--config", good, "--snapshots", snapshots, "--target", "acme/pro",
            ])
            #expect(clean.stdout.split(separator: "\n").count == 2, "only the duplicate plans: \(clean.stdout)")
        }
    }

    @Test func extractWarnsAboutPlansTheDifferCannotTellApart() async throws {
        try await withTemporaryFile(Self.page) { page in
            try await withTemporaryFile(Self.goodRules) { config in
                let output = try await CommandRunner.run(["extract", "--config", config, "--site", "acme", page])
                #expect(output.status == 0, "\(output.stderr)")
                #expect(output.stderr.contains("two or more plans are named 'Pro'"), "\(output.stderr)")
            }
        }
    }
}
