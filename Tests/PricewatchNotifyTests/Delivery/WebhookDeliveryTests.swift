import Foundation
import PricewatchCore
import PricewatchHashing
import PricewatchFetch
import PricewatchNotify
import PricewatchTestSupport
import Testing

@Suite("Generic webhook deliveries and routing")
struct WebhookDeliveryTests {
    @Test func signedReportIsVerifiableByTheReceiver() async throws {
        let receiver = try LoopbackHTTPServer { _ in .status(202) }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let route = NotifyRoute(
            name: "webhook", destination: .webhook(urlVariable: "HOOK_URL", secretVariable: "HOOK_SECRET"))
        let notifier = try makeNotifier(
            url: "", snapshots: snapshots, routes: [route],
            environment: ["HOOK_URL": receiver.url(secretPath), "HOOK_SECRET": "topsecret"])

        let summary = await notifier.deliver(Samples.mixedReport)

        #expect(summary.delivered == 1)
        let request = try #require(receiver.requests.first)
        let timestamp = try #require(request.header("X-Pricewatch-Timestamp").flatMap { Int($0) })
        #expect(timestamp == 1_780_000_000)
        // The receiver's side, recomputed from scratch: HMAC-SHA256(secret, "<timestamp>.<body>").
        let expected =
            "sha256="
            + HMACSHA256.authenticationCode(
                for: Array("\(timestamp).".utf8) + request.body, key: Array("topsecret".utf8)
            ).hexString
        #expect(request.header("X-Pricewatch-Signature") == expected)
        #expect(!WebhookSigner(secret: "wrong").isValid(signature: expected, for: request.body, timestamp: timestamp))

        let report = try PricewatchJSON.decoder().decode(Report.self, from: Data(request.body))
        #expect(report.schema == "pricewatch.report/1")
        #expect(
            report.targets.map(\.id) == ["costbench/kling-api", "lumalabs/dream-machine"],
            "unchanged targets are left out")
        let validator = try SchemaValidator(directory: Samples.repository.appendingPathComponent("docs/schema"))
        #expect(try validator.violations(of: Data(request.body), against: "report.schema.json") == [])
        #expect(!request.bodyText.contains("topsecret"))
    }

    @Test func unsignedWebhookHasNoSignatureHeaders() async throws {
        let receiver = try LoopbackHTTPServer { _ in .status(200) }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let route = NotifyRoute(name: "webhook", destination: .webhook(urlVariable: "HOOK_URL", secretVariable: nil))

        _ = try await makeNotifier(
            url: "", snapshots: snapshots, routes: [route], environment: ["HOOK_URL": receiver.url("/hook")]
        )
        .deliver(Samples.mixedReport)

        let request = try #require(receiver.requests.first)
        #expect(request.header("X-Pricewatch-Signature") == nil)
        #expect(request.header("X-Pricewatch-Delivery") != nil)
    }

    @Test func rulesSendEachTargetAndKindToItsOwnDestination() async throws {
        let receiver = try LoopbackHTTPServer { _ in .status(200) }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let routes = [
            NotifyRoute(
                name: "video-prices", destination: .slack(urlVariable: "VIDEO_URL"), tags: ["video"],
                kinds: NotifyRoute.kindShorthands["prices"] ?? [], minChangePercent: 10),
            NotifyRoute(
                name: "ops", destination: .slack(urlVariable: "OPS_URL"),
                kinds: NotifyRoute.kindShorthands["failures"] ?? []),
            NotifyRoute(
                name: "image", destination: .webhook(urlVariable: "IMAGE_URL", secretVariable: nil),
                targets: ["image/*"]),
        ]
        let environment = [
            "VIDEO_URL": receiver.url("/video"), "OPS_URL": receiver.url("/ops"), "IMAGE_URL": receiver.url("/image"),
        ]
        let notifier = try makeNotifier(
            url: "", snapshots: snapshots, routes: routes, environment: environment,
            tags: ["costbench/kling-api": ["video"], "lumalabs/dream-machine": ["video"]])

        let summary = await notifier.deliver(Samples.mixedReport)

        #expect(summary.delivered == 2)
        let video = try #require(receiver.requests(for: "/video").first?.bodyText)
        #expect(video.contains("Pro monthly"), "an 11.4% rise passes a 10% threshold")
        #expect(video.contains("Plan added: Team"))
        #expect(!video.contains("Feature added"), "features are not price changes")
        #expect(!video.contains("selectors no longer match"), "failures go to ops")
        let ops = try #require(receiver.requests(for: "/ops").first?.bodyText)
        #expect(ops.contains("selectors no longer match"))
        #expect(!ops.contains("Pro monthly"))
        #expect(receiver.requests(for: "/image").isEmpty, "no image target changed")
    }

    @Test func thresholdAboveTheChangeSendsNothing() async throws {
        let receiver = try LoopbackHTTPServer { _ in .status(200) }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let route = NotifyRoute(
            name: "big", destination: .slack(urlVariable: "U"), kinds: [.priceChanged], minChangePercent: 20)
        let report = Samples.report([.init(id: "a/b", url: nil, status: .changed, changes: [Samples.priceIncrease])])

        let summary = try await makeNotifier(
            url: "", snapshots: snapshots, routes: [route], environment: ["U": receiver.url("/")]
        )
        .deliver(report)

        #expect(summary == Notifier.Summary())
        #expect(receiver.requests.isEmpty)
    }
}

@Suite("Notifier built from selectors.yml")
struct ConfiguredNotifierTests {
    @Test func configurationRoutesByTagsAndDryRunPrintsEveryPayload() async throws {
        let config = try NotifySettingsTests.configuration(
            """
            notify:
              slack: {}
              rules:
                - name: images
                  webhook_env: IMAGE_HOOK
                  tags: [image]
            """)
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let notifier = Notifier(
            configuration: config, snapshotsDirectory: snapshots.directory,
            fetcher: try Fetcher(options: quickFetchOptions),
            environment: [:])
        let report = Samples.report([
            .init(id: "shop/video", url: nil, status: .changed, changes: [Samples.priceIncrease]),
            .init(id: "shop/image", url: nil, status: .failed, changes: [Samples.failure]),
        ])

        let lines = try notifier.dryRun(report).split(separator: "\n")

        #expect(lines.count == 2)
        let slack = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(slack["blocks"] != nil)
        let hook = try PricewatchJSON.decoder().decode(Report.self, from: Data(lines[1].utf8))
        #expect(hook.targets.map(\.id) == ["shop/image"], "only the image-tagged target goes to the images rule")
        #expect(try notifier.dryRun(Samples.quietReport).isEmpty)
        #expect(try snapshots.outbox.entries().isEmpty, "a dry run stores nothing")
    }
}

@Suite("Outbox files")
struct OutboxTests {
    @Test func entriesAreWrittenWholeInCreationOrderWithoutTemporaryFiles() throws {
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let outbox = snapshots.outbox
        let date = Date(timeIntervalSince1970: 1_780_000_000)
        var added: [Outbox.Entry] = []
        for index in 1...11 {
            added.append(
                try outbox.add(Alert(route: "r\(index)", format: .slack, urlVariable: "V", body: "{}"), at: date))
        }

        let entries = try outbox.entries()

        #expect(entries.map(\.alert.route) == (1...11).map { "r\($0)" }, "-10 sorts after -9")
        #expect(entries.first?.id == "20260528T202640Z-1.json")
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.directory.path)
        #expect(files.count == 11)
        #expect(!files.contains { $0.hasPrefix(".tmp") })
        try outbox.remove(added[0])
        #expect(try outbox.entries().count == 10)
    }

    @Test func aForeignFileInTheOutboxIsReportedNotSkipped() throws {
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        try FileManager.default.createDirectory(at: snapshots.outbox.directory, withIntermediateDirectories: true)
        try Data("not json".utf8).write(
            to: snapshots.outbox.directory.appendingPathComponent("20260101T000000Z-1.json"))

        #expect {
            try snapshots.outbox.entries()
        } throws: { error in
            (error as? NotifyError)?.message.contains("move it out of the outbox") == true
        }
    }
}
