import Foundation
import PricewatchTestSupport
import Testing

/// `pricewatch extract --auto` as users run it: the record, `--explain`, exit codes, and stability between runs.
@Suite struct AutoCommandTests {
    static let page = """
        <html><head><title>Pricing — Northwind</title><meta property="og:site_name" content="Northwind"></head><body>
        <div class="tiers">
          <div class="tier"><h2>Hobby</h2><div class="price">$0</div><ul><li>1 site</li></ul><button>Go</button></div>
          <div class="tier"><h2>Pro</h2><div class="price">$12<span>/mo</span></div><ul><li>10 sites</li></ul>
            <button>Go</button></div>
          <div class="tier"><h2>Scale</h2><div class="price">$49<span>/mo</span></div><ul><li>All sites</li></ul>
            <button>Go</button></div>
        </div></body></html>
        """

    static let noPricing = """
        <html><head><title>Blog</title></head><body><article class="post"><h2>We saved $2M</h2>
        <p>Costs fell from $9,000 to $3,000 a month.</p></article><article class="post"><h2>Hello</h2>
        <p>Our first post.</p></article></body></html>
        """

    /// The record without its fetch time, which is the only thing allowed to differ between runs.
    static func withoutFetchTime(_ text: String) -> String {
        text.split(separator: "\n").filter { !$0.contains("\"fetched_at\"") }.joined(separator: "\n")
    }

    @Test func autoRecordIsTheSameInEveryRun() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("northwind.html")
            try Data(Self.page.utf8).write(to: file)
            let first = try await CommandRunner.run(["extract", "--auto", file.path])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("\"site\" : \"auto\"") && first.stdout.contains("\"extraction\" : \"auto\""))
            #expect(first.stdout.contains("\"vendor\" : \"Northwind\""))
            #expect(first.stdout.contains("\"confidence\" : "))
            for _ in 0..<3 {
                let again = try await CommandRunner.run(["extract", "--auto", file.path])
                #expect(Self.withoutFetchTime(again.stdout) == Self.withoutFetchTime(first.stdout))
            }
            let text = try await CommandRunner.run(["extract", "--auto", "--format", "text", file.path])
            #expect(text.stdout.contains("Hobby") && text.stdout.contains("Scale"))
        }
    }

    @Test func explainSaysHowEachPlanWasFound() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("northwind.html")
            try Data(Self.page.utf8).write(to: file)
            let result = try await CommandRunner.run(["extract", "--auto", "--explain", file.path])
            #expect(result.status == 0)
            #expect(result.stderr.contains("plan \"Pro\": cards, confidence"))
            #expect(result.stderr.contains("div.tiers/div.tier[2]"))
        }
    }

    @Test func aPageWithoutPricingExitsTwoAndSaysSo() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("blog.html")
            try Data(Self.noPricing.utf8).write(to: file)
            let result = try await CommandRunner.run(["extract", "--auto", file.path])
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("no pricing plans found"))
        }
    }

    @Test func autoWithRulesOptionsIsAUsageError() async throws {
        let result = try await CommandRunner.run(["extract", "--auto", "--site", "costbench", "x.html"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--auto reads pages without rules"))
    }
}
