import Foundation
import PricewatchFetch
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// `check` end to end: a real loopback server, real libcurl and libxml2, snapshots on disk.
@Suite struct CheckRunnerTests {
    static let luma = "costbench/luma-dream-machine-api.html"
    static let lumaV2 = "costbench/luma-dream-machine-api.v2.html"

    /// The repository's rules with targets pointing at the loopback server.
    static func configuration(_ server: PageServer, targets: [(id: String, site: String, path: String)]) throws
        -> Configuration
    {
        let rules = try String(contentsOfFile: TestPaths.repository + "/selectors.yml", encoding: .utf8)
        let sites = String(rules[..<rules.range(of: "\ntargets:")!.lowerBound])
        let list = targets.map { "  - {id: \($0.id), site: \($0.site), url: \"\(server.url($0.path))\"}" }
        return try Configuration.parse(yaml: sites + "\ntargets:\n" + list.joined(separator: "\n") + "\n")
    }

    static func run(_ config: Configuration, store: SnapshotStore, dryRun: Bool = false) async throws -> Report {
        let options = CheckRunner.Options(fetch: FetchOptions(maxAttempts: 1), dryRun: dryRun)
        return try await CheckRunner(configuration: config, store: store, options: options).run()
    }

    @Test func secondRunReportsExactlyTheLumaChanges() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            server.serve("/luma", try TestPaths.fixture(Self.luma))
            let config = try Self.configuration(server, targets: [("costbench/luma", "costbench", "/luma")])
            let store = SnapshotStore(directory: folder)

            let first = try await Self.run(config, store: store)
            #expect(first.targets.map(\.status) == [.new])
            #expect(first.targets[0].changes.isEmpty)
            #expect(first.targets[0].vendor == "Luma Dream Machine API")

            server.serve("/luma", try TestPaths.fixture(Self.lumaV2))
            let second = try await Self.run(config, store: store)
            let result = try #require(second.targets.first)
            #expect(result.status == .changed)
            #expect(
                result.changes.map(\.kind) == [.lastVerifiedChanged, .priceChanged, .featureAdded, .featureRemoved])
            #expect(
                result.changes.map(ChangeSummary.line(for:)) == [
                    "Last verified: May 30 → Jun 14, 2026",
                    "Ray2 Flash (Low-Cost Video) monthly: Custom → $0.08/second",
                    "Feature added to Ray3.14 (Pi) Standard Definition: Draft mode at 1/5 the credit cost",
                    "Feature removed from Enterprise / Provisioned Throughput: Team and sub-account management",
                ])
            let price = try #require(result.changes.first(where: { $0.kind == .priceChanged }))
            guard case .price(let old)? = price.old, case .price(let new)? = price.new else {
                Issue.record("price change without prices: \(price)")
                return
            }
            #expect(old.kind == .custom)
            #expect(new.kind == .amount && new.amount == Amount("0.08") && new.unit == "second")
            #expect(try store.history(for: "costbench/luma").count == 2)
            #expect(try store.latest(for: "costbench/luma")?.lastVerified == "2026-06-14")
        }
    }

    @Test func noiseOnlyRerenderReportsNothing() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            let original = String(decoding: try TestPaths.fixture(Self.luma), as: UTF8.self)
            server.serve("/luma", Array(original.utf8))
            let config = try Self.configuration(server, targets: [("costbench/luma", "costbench", "/luma")])
            let store = SnapshotStore(directory: folder)
            _ = try await Self.run(config, store: store)

            // New tokens and build ids, another "Trending now" list, re-indented markup, reordered attributes.
            var noisy = original
            for (from, to) in [
                ("e1a8fd5c12b4f7ba2370fdb442f63e22", "0123456789abcdef0123456789abcdef"),
                ("l1dv8c0q6s70zltxzbt9", "zzzzzzzzzzzzzzzzzzzz"), ("Hedra API", "Sora API"),
                ("<td class=\"px-4 py-3 font-medium\">", "<td  class='px-4  py-3 font-medium' >\n"),
                ("<li class=\"flex gap-2\">", "<li data-x=\"1\" class=\"flex gap-2\">\n  "),
            ] {
                #expect(noisy.contains(from), "fixture no longer contains \(from)")
                noisy = noisy.replacingOccurrences(of: from, with: to)
            }
            server.serve("/luma", Array(noisy.utf8))
            let second = try await Self.run(config, store: store)
            #expect(second.targets.map(\.status) == [.unchanged])
            #expect(second.targets[0].changes.isEmpty)
            #expect(try store.history(for: "costbench/luma").count == 1)
        }
    }

    @Test func vanishedPlansTableIsABrokenPageAndKeepsTheSnapshot() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            let original = String(decoding: try TestPaths.fixture(Self.luma), as: UTF8.self)
            server.serve("/luma", Array(original.utf8))
            let config = try Self.configuration(server, targets: [("costbench/luma", "costbench", "/luma")])
            let store = SnapshotStore(directory: folder)
            _ = try await Self.run(config, store: store)
            let stored = try store.latest(for: "costbench/luma")

            let start = try #require(original.range(of: "<section class=\"mt-12\" id=\"plans\">"))
            let end = try #require(original.range(of: "</section>", range: start.upperBound..<original.endIndex))
            server.serve(
                "/luma", Array(original.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "").utf8))
            let second = try await Self.run(config, store: store)
            let result = try #require(second.targets.first)
            #expect(result.status == .failed)
            #expect(result.changes.map(\.kind) == [.extractionFailed])
            #expect(result.changes[0].message?.contains("plans") == true)
            #expect(!result.changes.contains(where: { $0.kind == .planRemoved }))
            #expect(try store.latest(for: "costbench/luma") == stored)
        }
    }

    @Test func oneFailingTargetDoesNotStopTheOthers() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            server.serve("/kling", try TestPaths.fixture("costbench/kling-api.html"))
            server.serve("/luma-cards", try TestPaths.fixture("lumalabs/dream-machine-pricing.html"))
            let config = try Self.configuration(
                server,
                targets: [
                    ("costbench/kling-api", "costbench", "/kling"), ("costbench/gone", "costbench", "/gone"),
                    ("lumalabs/dream-machine", "lumalabs", "/luma-cards"),
                ])
            let report = try await Self.run(config, store: SnapshotStore(directory: folder))
            #expect(report.targets.map(\.id) == ["costbench/kling-api", "costbench/gone", "lumalabs/dream-machine"])
            #expect(report.targets.map(\.status) == [.new, .failed, .new])
            #expect(report.targets[1].changes.map(\.kind) == [.fetchFailed])
            #expect(report.targets[1].error?.contains("404") == true)
        }
    }

    @Test func corruptSnapshotIsReportedAndLeftInPlace() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            server.serve("/kling", try TestPaths.fixture("costbench/kling-api.html"))
            server.serve("/fal", try TestPaths.fixture("costbench/fal-ai.html"))
            let config = try Self.configuration(
                server,
                targets: [
                    ("costbench/kling-api", "costbench", "/kling"), ("costbench/fal-ai", "costbench", "/fal"),
                ])
            let store = SnapshotStore(directory: folder)
            _ = try await Self.run(config, store: store)
            let latest = folder.appendingPathComponent("costbench/kling-api/latest.json")
            let garbage = Data("{\"schema\": \"pricewatch.record/1\", \"target\": tru".utf8)
            try garbage.write(to: latest)

            let report = try await Self.run(config, store: store)
            #expect(report.targets.map(\.status) == [.failed, .unchanged])
            #expect(report.targets[0].error?.contains("latest.json") == true)
            #expect(try Data(contentsOf: latest) == garbage)
        }
    }

    /// With `.index.json` vouching for the stored files, an unchanged page is decided by fingerprint alone:
    /// here the stored files would not even decode. A changed page still decodes (and reports) them.
    @Test func unchangedPagesAreDecidedByTheIndexWithoutDecoding() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            server.serve("/luma", try TestPaths.fixture(Self.luma))
            let config = try Self.configuration(server, targets: [("costbench/luma", "costbench", "/luma")])
            let first = SnapshotStore(directory: folder, durability: .batched)
            #expect(try await Self.run(config, store: first).targets.map(\.status) == [.new])
            try first.synchronize()
            let content = try #require(try first.latest(for: "costbench/luma")).contentFingerprint

            let garbage = Data("not json".utf8)
            let latest = folder.appendingPathComponent("costbench/luma/latest.json")
            try garbage.write(to: latest)
            try garbage.write(to: folder.appendingPathComponent("costbench/luma/history/000001.json"))
            let digest = SnapshotDigest(of: [UInt8](garbage))
            let forged = SnapshotIndex(targets: [
                "costbench/luma": SnapshotIndex.Entry(
                    latest: .init(file: digest, identity: nil, content: content),
                    history: .init(version: 1, summary: .init(file: digest, identity: nil, content: content)))
            ])
            try PricewatchJSON.encode(forged).write(to: folder.appendingPathComponent(".index.json"))

            let second = try await Self.run(config, store: SnapshotStore(directory: folder, durability: .batched))
            #expect(second.targets.map(\.status) == [.unchanged])
            #expect(second.targets.first?.vendor == "Luma Dream Machine API")

            server.serve("/luma", try TestPaths.fixture(Self.lumaV2))
            let third = try await Self.run(config, store: SnapshotStore(directory: folder, durability: .batched))
            #expect(third.targets.map(\.status) == [.failed])
            #expect(third.targets.first?.error?.contains("latest.json") == true)
            #expect(try Data(contentsOf: latest) == garbage)
        }
    }

    @Test func notModifiedPagesAreUnchangedWithoutParsing() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            server.serve("/fal", try TestPaths.fixture("costbench/fal-ai.html"), etag: "\"v1\"")
            let config = try Self.configuration(server, targets: [("costbench/fal-ai", "costbench", "/fal")])
            let store = SnapshotStore(directory: folder)
            _ = try await Self.run(config, store: store)
            // A page that would not even parse proves the second run did not read a body.
            server.serve("/fal", Array("not a pricing page".utf8), etag: "\"v1\"")
            let second = try await Self.run(config, store: store)
            #expect(second.targets.map(\.status) == [.unchanged])
            let conditional = server.server.requests(for: "/fal").last?.headers.first {
                $0.name.lowercased() == "if-none-match"
            }
            #expect(conditional?.value == "\"v1\"")
        }
    }

    @Test func dryRunStoresNothing() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            server.serve("/fal", try TestPaths.fixture("costbench/fal-ai.html"))
            let config = try Self.configuration(server, targets: [("costbench/fal-ai", "costbench", "/fal")])
            let store = SnapshotStore(directory: folder.appendingPathComponent("snapshots"))
            let report = try await Self.run(config, store: store, dryRun: true)
            #expect(report.targets.map(\.status) == [.new])
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("snapshots").path))
        }
    }

    @Test func reextractAppliesEditedRulesToStoredPages() async throws {
        try await withTemporaryFolder { folder in
            let server = try PageServer()
            server.serve("/fal", try TestPaths.fixture("costbench/fal-ai.html"))
            var config = try Self.configuration(server, targets: [("costbench/fal-ai", "costbench", "/fal")])
            let store = SnapshotStore(directory: folder)
            _ = try await Self.run(config, store: store)
            server.stop()

            // The rules stop reading features: reextract reports that, from the stored page alone.
            config.sites["costbench"]?.plans?.rows.fields.removeAll { $0.name == "features" }
            let report = CheckRunner(configuration: config, store: store, options: .init()).reextract()
            #expect(report.targets.map(\.status) == [.changed])
            #expect(report.targets[0].changes.count == 12)
            #expect(report.targets[0].changes.allSatisfy { $0.kind == .featureRemoved })
            #expect(try store.latest(for: "costbench/fal-ai")?.plans.allSatisfy(\.features.isEmpty) == true)
        }
    }

    @Test func reextractDecodesStoredPagesWithTheCharsetTheServerSent() async throws {
        try await withTemporaryFolder { folder in
            // A windows-1251 page whose charset only the HTTP header names: sniffing alone would read it as
            // windows-1252 and turn the plan name into mojibake.
            var page = Array("<table id='plans'><tr><td>".utf8)
            page += [0xC1, 0xE0, 0xE7, 0xEE, 0xE2, 0xFB, 0xE9]  // "Базовый" in windows-1251
            page += Array("</td><td>$5/mo</td></tr></table>".utf8)
            let body = page
            let server = try LoopbackHTTPServer { _ in
                LoopbackResponse(
                    status: 200, headers: [("Content-Type", "text/html; charset=windows-1251")], body: .bytes(body))
            }
            defer { server.stop() }
            let yaml = """
                sites:
                  shop:
                    plans:
                      each: {xpath: "//tr"}
                      required: true
                      name: {xpath: "td[1]"}
                      prices:
                        monthly: {xpath: "td[2]"}
                targets:
                  - {id: shop/cyrillic, site: shop, url: "\(server.url("/"))"}
                """
            let config = try Configuration.parse(yaml: yaml)
            let store = SnapshotStore(directory: folder)
            _ = try await Self.run(config, store: store)
            #expect(try store.latest(for: "shop/cyrillic")?.plans.map(\.name) == ["Базовый"])

            let report = CheckRunner(configuration: config, store: store, options: .init()).reextract()
            #expect(report.targets.map(\.status) == [.unchanged], "\(report.targets)")
        }
    }
}

extension PageServer {
    func stop() { server.stop() }
}
