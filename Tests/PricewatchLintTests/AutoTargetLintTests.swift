import Foundation
import PricewatchAutoExtraction
import PricewatchCore
import PricewatchTestSupport
import Testing

@testable import PricewatchLint

/// `lint` on `site: auto` targets: zero-config reading is run on each stored page, since there are no rules.
@Suite struct AutoTargetLintTests {
    static let config = """
        targets:
          - id: acme/pricing
            site: auto
            url: https://acme.test/pricing
          - id: acme/blog
            extract: auto
            url: https://acme.test/blog
        """

    static let pricing = """
        <html><head><title>Acme</title></head><body><div class="plans">
        <div class="plan"><h3>Basic</h3><p class="price">$9/mo</p><button>Buy</button></div>
        <div class="plan"><h3>Team</h3><p class="price">$29/mo</p><button>Buy</button></div></div></body></html>
        """

    /// A page that held plans when it was stored and no longer does (the pricing moved elsewhere).
    static let blog = """
        <html><head><title>Blog</title></head><body><article class="post"><h2>We saved $2M</h2>
        <p>Costs fell from $9,000 to $3,000.</p></article></body></html>
        """

    @Test func autoTargetsAreReadByZeroConfigReadingAndAPageWithoutPlansIsAnError() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .processCrashSafe)
            for (id, page) in [("acme/pricing", Self.pricing), ("acme/blog", Self.blog)] {
                let record = Record(target: id, site: "auto", url: nil, fetchedAt: "2026-01-01T00:00:00Z", vendor: nil)
                try store.save(record, page: Array(page.utf8), at: Date(), validators: nil)
            }
            let configuration = try Configuration.parse(yaml: Self.config)
            let linter = Linter(configuration: configuration, store: store, autoExtractor: AutoExtractor())
            let findings = linter.findings(for: configuration.targets)
            #expect(findings.count == 1, "\(findings)")
            let finding = try #require(findings.first)
            #expect(finding.targets == ["acme/blog"] && finding.severity == .error)
            #expect(finding.message.contains("extraction_failed") && finding.message.contains("--auto --explain"))
            #expect(!finding.message.contains("update selectors.yml"))
            // Without a reader, auto targets are left out rather than reported as broken.
            #expect(Linter(configuration: configuration, store: store).findings(for: configuration.targets).isEmpty)
        }
    }
}
