import Foundation
import PricewatchCore
import PricewatchHTML
import PricewatchReport
import PricewatchTestSupport
import Testing

/// Text from pages is untrusted: whatever a page says comes out of the report as text.
@Suite struct ReportSafetyTests {
    static let planPayload = "<script>alert(1)</script>"
    static let featurePayload = "\"><img src=x onerror=alert(1)>"
    static let urlPayload = "javascript:alert(1)"

    /// A target whose plan, feature, vendor and URL are attacks, with a second version so that the feature
    /// and a price change reach the change log and the chart titles.
    static func writeHostile(_ sample: SampleHistory, vendor: String = "<b onmouseover=alert(1)>Evil</b>")
        throws
    {
        let before = Record(
            target: "evil/page", site: "sample", url: urlPayload, fetchedAt: "", vendor: vendor,
            plans: [Plan(name: planPayload, prices: ["monthly": amount("10")], features: ["Plain"])])
        var after = before
        after.plans[0].prices["monthly"] = Price(
            raw: "<svg onload=alert(1)>", kind: .custom)
        after.plans[0].features.append(featurePayload)
        try sample.save(before, on: "2026-02-01")
        try sample.save(after, on: "2026-03-01")
    }

    @Test func pagePayloadsComeOutAsText() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try Self.writeHostile(sample)
            let report = try ParsedReport(sample.store)
            // Nothing executable was created from the payloads.
            #expect(try report.nodes("//script").isEmpty)
            #expect(try report.nodes("//img").isEmpty)
            #expect(try report.nodes("//b[@onmouseover]").isEmpty)
            #expect(try report.nodes("//*[@*[starts-with(name(), 'on')]]").isEmpty)
            #expect(try report.nodes("//a[@href]").allSatisfy { $0.attribute("href")?.hasPrefix("#") == true })
            // Each payload is there, as text, where it belongs.
            #expect(try report.texts("//figure[@class='chart']/figcaption/b") == [Self.planPayload])
            #expect(try report.nodes("//figure[@class='chart']")[0].attribute("data-plan") == Self.planPayload)
            let features = try report.texts("//ul[@class='features']/li")
            #expect(features == ["Mar 1, 2026 added \(Self.planPayload): \(Self.featurePayload)"])
            #expect(try report.texts("//section[@class='target']//span[@class='url']") == [Self.urlPayload])
            #expect(try report.texts("//section[@class='target']/h2") == ["<b onmouseover=alert(1)>Evil</b>"])
            let marker = try report.nodes("//circle")
            #expect(marker.count == 1)
            #expect(marker.first?.attribute("data-new") == "<svg onload=alert(1)>")
            #expect(try report.texts("//rect[@class='gap']/title").first?.hasPrefix("<svg onload=alert(1)>") == true)
        }
    }

    @Test func theContentSecurityPolicyComesFirstInTheHead() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try Self.writeHostile(sample)
            let report = try ParsedReport(sample.store)
            let first = try report.nodes("//head/*[2]")
            #expect(first.first?.attribute("http-equiv") == "Content-Security-Policy")
            let policy = try #require(first.first?.attribute("content"))
            #expect(policy.hasPrefix("default-src 'none'; style-src 'unsafe-inline'; img-src data:"))
            #expect(!policy.contains("script-src"))
            #expect(try report.nodes("//head/*[1]").first?.attribute("charset") == "utf-8")
        }
    }

    @Test(arguments: [
        ("https://example.com/pricing", true), ("HTTP://EXAMPLE.COM/", true), ("http://127.0.0.1:8080/a?b=c&d", true),
        ("javascript:alert(1)", false), ("JavaScript:alert(1)", false), (" https://example.com", false),
        ("java\tscript:alert(1)", false), ("https://example.com/\n", false), ("data:text/html,<script>", false),
        ("//example.com/pricing", false), ("vbscript:msgbox", false), ("https://", false), ("http://", false),
        ("http://a", true), ("ftp://example.com", false),
        ("https\u{0}://example.com", false), ("https://exa mple.com", false),
    ])
    func onlyHTTPURLsBecomeLinks(url: String, linked: Bool) async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.save(
                Record(
                    target: "one/page", site: "s", url: url, fetchedAt: "", vendor: "One",
                    plans: [Plan(name: "P", prices: ["monthly": amount("1")])]),
                on: "2026-01-01")
            let report = try ParsedReport(sample.store)
            let links = try report.nodes("//section[@class='target']//a")
            #expect(links.count == (linked ? 1 : 0))
            if linked {
                #expect(links.first?.attribute("href") == url)
                #expect(links.first?.attribute("rel") == "noopener noreferrer")
            } else {
                #expect(
                    try report.texts("//section[@class='target']//span[@class='url']") == [
                        // libxml2's text collapses whitespace, as a browser shows it.
                        url.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}").split(whereSeparator: \.isWhitespace)
                            .joined(separator: " ")
                    ])
            }
        }
    }
}
