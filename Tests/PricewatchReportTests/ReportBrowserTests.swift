import Foundation
import PricewatchCore
import PricewatchHTML
import PricewatchReport
import PricewatchTestSupport
import Testing

/// The report in a real browser (headless Chromium): inert, and laid out for a wide screen and a phone.
@Suite(.serialized) struct ReportBrowserTests {
    /// Where screenshots are kept for people to look at.
    static let screenshots = TestLocations.repository.appendingPathComponent(".build/report-screenshots")

    /// A loopback server that records every request and answers each, so a request that slipped through
    /// would be seen rather than fail silently.
    static func watcher() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { _ in .ok("<html><title>hit</title></html>") }
    }

    static func title(ofDump dom: String) throws -> String? {
        try HTMLDocument(html: dom).select("//title").first?.text
    }

    @Test func theWatcherSeesRequestsAndScriptsOfAnOrdinaryPage() async throws {
        // The control: without the report's policy and escaping, Chromium does request and does run scripts,
        // so the inertness test below can fail.
        let server = try Self.watcher()
        defer { server.stop() }
        try await withTemporaryFolder { folder in
            let page = folder.appendingPathComponent("control.html")
            try """
            <!DOCTYPE html><html><head><title>Before</title></head><body>
            <img src="\(server.url("/control-image"))"><script>document.title = 'script ran'</script></body></html>
            """.write(to: page, atomically: true, encoding: .utf8)
            let output = try await HeadlessChromium.dumpDOM(page)
            #expect(output.status == 0, "\(output.stderr.suffix(1_000))")
            #expect(try Self.title(ofDump: output.stdout) == "script ran")
            #expect(server.requests(for: "/control-image").count == 1)
        }
    }

    @Test func theReportRequestsNothingAndRunsNothing() async throws {
        let server = try Self.watcher()
        defer { server.stop() }
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder.appendingPathComponent("snapshots"))
            // Payloads that would each make a request or run a script if they reached the page as markup.
            let base = server.baseURL
            try ReportSafetyTests.writeHostile(
                sample,
                vendor:
                    "<img src=\(base)/vendor-image><script>document.title='pwned';fetch('\(base)/vendor-fetch')</script>"
            )
            try sample.save(
                Record(
                    target: "evil/more", site: "s", url: "javascript:fetch('\(base)/url')", fetchedAt: "",
                    vendor:
                        "\"><link rel=stylesheet href=\(base)/css><meta http-equiv=refresh content=\"0;url=\(base)/refresh\">",
                    plans: [
                        Plan(
                            name: "<iframe src=\(base)/frame></iframe><svg><image href=\(base)/svg-image /></svg>",
                            prices: ["monthly": amount("5")],
                            features: ["<style>@import '\(base)/import';</style><object data=\(base)/object>"])
                    ]),
                on: "2026-01-01")
            let file = folder.appendingPathComponent("report.html")
            let title = "Inertness check"
            try HTMLReport(options: .init(title: title, locale: Locale(identifier: "en_US")))
                .write(from: sample.store, to: file.path)
            let output = try await HeadlessChromium.dumpDOM(file)
            #expect(output.status == 0, "\(output.stderr.suffix(1_000))")
            #expect(output.stdout.contains("evil/more"), "the report did not load: \(output.stderr.suffix(1_000))")
            #expect(try Self.title(ofDump: output.stdout) == title)
            #expect(server.requests.map(\.path) == [])
        }
    }

    @Test func screenshotsAtDesktopAndPhoneWidths() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder.appendingPathComponent("snapshots"))
            try sample.writeShowcase()
            try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
            let file = Self.screenshots.appendingPathComponent("report.html")
            try HTMLReport(
                options: .init(
                    title: "Competitor pricing 2026", locale: Locale(identifier: "en_US"),
                    generatedAt: SampleHistory.date("2026-11-30"))
            ).write(from: sample.store, to: file.path)
            for (width, height) in [(1280, 800), (390, 844)] {
                let png = Self.screenshots.appendingPathComponent("report-\(width)x\(height).png")
                try? FileManager.default.removeItem(at: png)
                let output = try await HeadlessChromium.screenshot(file, to: png, width: width, height: height)
                #expect(output.status == 0, "\(output.stderr.suffix(1_000))")
                let bytes = try Data(contentsOf: png)
                #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
                #expect(bytes.count > 10_000, "a \(bytes.count)-byte PNG is blank")
            }
        }
    }

    @Test(arguments: [390, 1280])
    func nothingButTablesScrollsSideways(width: Int) async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder.appendingPathComponent("snapshots"))
            try sample.writeShowcase()
            try ReportSafetyTests.writeHostile(sample)
            let html = try HTMLReport(options: .init(locale: Locale(identifier: "en_US"))).render(from: sample.store)
            // A measuring copy: the policy is dropped and a script reports the page's width, from inside a
            // frame as wide as the phone or screen (headless Chromium keeps windows at least 500 px wide).
            let policy = "<meta http-equiv=\"Content-Security-Policy\""
            #expect(html.contains(policy))
            let measuring = html.replacingOccurrences(of: policy, with: "<meta name=\"dropped-policy\"")
                .replacingOccurrences(
                    of: "</body>",
                    with: """
                        <script>parent.document.title = [document.documentElement.scrollWidth, innerWidth].join(' ')\
                        </script></body>
                        """)
            let frame = measuring.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
                of: "\"", with: "&quot;")
            let file = folder.appendingPathComponent("measure.html")
            try """
            <!DOCTYPE html><html><head><title>not measured</title></head><body style="margin:0">\
            <iframe style="border:0;width:\(width)px;height:844px" srcdoc="\(frame)"></iframe></body></html>
            """.write(to: file, atomically: true, encoding: .utf8)
            let output = try await HeadlessChromium.dumpDOM(file, width: max(width, 600), height: 900)
            let sizes = try #require(try Self.title(ofDump: output.stdout)).split(separator: " ").compactMap { Int($0) }
            try #require(sizes.count == 2, "no measurement: \(output.stderr.suffix(1_000))")
            #expect(sizes[1] == width)
            #expect(sizes[0] <= sizes[1], "the page is \(sizes[0]) px wide in a \(sizes[1]) px window")
        }
    }
}
