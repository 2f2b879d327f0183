import Foundation
import PricewatchCore
import PricewatchNotify
import PricewatchTestSupport
import Testing

@Suite("Delivery to a real loopback webhook receiver")
struct DeliveryTests {
    @Test func slackMessageArrivesAsBlockKitJSON() async throws {
        let receiver = try LoopbackHTTPServer { _ in .ok("ok", contentType: "text/plain") }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }

        let summary = try await makeNotifier(url: receiver.url(secretPath), snapshots: snapshots).deliver(
            Samples.mixedReport)

        #expect(summary == Notifier.Summary(delivered: 1, queued: 0, errors: []))
        let request = try #require(receiver.requests.first)
        #expect(receiver.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == secretPath)
        #expect(request.header("Content-Type")?.hasPrefix("application/json") == true)
        let json = try #require(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect((json["text"] as? String)?.contains("Pro monthly: $35/mo → $39/mo (+11.4%)") == true)
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(blocks.count >= 4)
        #expect(try snapshots.outbox.entries().isEmpty, "a delivered alert leaves nothing in the outbox")
    }

    @Test func nothingChangedSendsNothing() async throws {
        let receiver = try LoopbackHTTPServer { _ in .status(200) }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }

        let summary = try await makeNotifier(url: receiver.url(secretPath), snapshots: snapshots).deliver(
            Samples.quietReport)

        #expect(summary == Notifier.Summary())
        #expect(receiver.requests.isEmpty)
        #expect(try snapshots.outbox.entries().isEmpty)
    }

    @Test(arguments: [
        LoopbackResponse.status(500), LoopbackResponse.status(503),
        LoopbackResponse.status(429, headers: [("Retry-After", "0")]),
        LoopbackResponse.closeWithoutResponse,
    ])
    func transientFailureIsRetriedAndDeliveredOnce(firstAnswer: LoopbackResponse) async throws {
        let receiver = try LoopbackHTTPServer { request in request.pathHitIndex == 0 ? firstAnswer : .status(204) }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }

        let summary = try await makeNotifier(url: receiver.url(secretPath), snapshots: snapshots).deliver(
            Samples.mixedReport)

        #expect(summary.delivered == 1)
        #expect(summary.errors.isEmpty)
        #expect(receiver.requests.count == 2)
        #expect(receiver.requests.map(\.bodyText).allSatisfy { $0 == receiver.requests.first?.bodyText })
        #expect(try snapshots.outbox.entries().isEmpty)
    }

    @Test func deadReceiverKeepsTheAlertAndTheNextRunSendsItFirstAndOnlyOnce() async throws {
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let deadURL = try deadReceiverURL()

        let failed = try await makeNotifier(url: deadURL, snapshots: snapshots).deliver(Samples.mixedReport)

        #expect(failed.delivered == 0)
        #expect(failed.queued == 1)
        #expect(failed.errors.first?.message.contains("SLACK_TEST_URL") == true)
        #expect(failed.errors.first?.message.contains("next run") == true)
        let stored = try snapshots.outbox.entries()
        #expect(stored.count == 1)
        #expect(stored.first?.alert.urlVariable == "SLACK_TEST_URL")

        // The next run: the receiver is back (at a new address, read from the environment again).
        let receiver = try LoopbackHTTPServer { _ in .status(200) }
        defer { receiver.stop() }
        let retry = try await makeNotifier(url: receiver.url(secretPath), snapshots: snapshots).deliver(
            Samples.quietReport)
        #expect(retry == Notifier.Summary(delivered: 1, queued: 0, errors: []))
        #expect(receiver.requests.count == 1)
        #expect(receiver.requests.first?.bodyText == stored.first?.alert.body)
        #expect(receiver.requests.first?.header("X-Pricewatch-Delivery") == stored.first?.id)
        #expect(try snapshots.outbox.entries().isEmpty)

        // A third run with nothing new sends nothing again.
        _ = try await makeNotifier(url: receiver.url(secretPath), snapshots: snapshots).deliver(Samples.quietReport)
        #expect(receiver.requests.count == 1)
    }

    @Test func outboxIsFlushedBeforeNewAlertsInOrder() async throws {
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let deadURL = try deadReceiverURL()
        let first = Samples.report([.init(id: "a/first", url: nil, status: .changed, changes: [Samples.priceIncrease])])
        let second = Samples.report([
            .init(id: "a/second", url: nil, status: .changed, changes: [Samples.priceIncrease])
        ])
        _ = try await makeNotifier(url: deadURL, snapshots: snapshots).deliver(first)
        _ = try await makeNotifier(url: deadURL, snapshots: snapshots).deliver(second)
        #expect(try snapshots.outbox.entries().count == 2)

        let receiver = try LoopbackHTTPServer { _ in .status(200) }
        defer { receiver.stop() }
        let third = Samples.report([.init(id: "a/third", url: nil, status: .changed, changes: [Samples.priceIncrease])])
        let summary = try await makeNotifier(url: receiver.url(secretPath), snapshots: snapshots).deliver(third)

        #expect(summary.delivered == 3)
        let order = receiver.requests.map { request in
            ["a/first", "a/second", "a/third"].first { request.bodyText.contains($0) }
        }
        #expect(order == ["a/first", "a/second", "a/third"])
    }

    @Test func missingEnvironmentVariableQueuesTheAlertWithAFix() async throws {
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }

        let summary = try await makeNotifier(url: "", snapshots: snapshots, environment: [:]).deliver(
            Samples.mixedReport)

        #expect(summary.queued == 1)
        #expect(summary.errors.first?.message.contains("environment variable SLACK_TEST_URL is not set") == true)
        #expect(try snapshots.outbox.entries().count == 1)
    }

    @Test func theWebhookURLAppearsInNoOutputOrFile() async throws {
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }
        let failing = try LoopbackHTTPServer { _ in .ok("upstream broke", contentType: "text/plain").with(status: 500) }
        defer { failing.stop() }
        let deadURL = try deadReceiverURL()
        var outputs: [String] = []
        for url in [failing.url(secretPath), deadURL] {
            let notifier = try makeNotifier(url: url, snapshots: snapshots)
            let summary = await notifier.deliver(Samples.mixedReport)
            #expect(summary.delivered == 0)
            #expect(!summary.errors.isEmpty)
            outputs += summary.errors.map(\.description) + summary.errors.map { String(describing: $0) }
            outputs += try notifier.alerts(for: Samples.mixedReport).map(\.body)
        }
        outputs += try snapshots.allFileContents()
        outputs.append(String(decoding: try PricewatchJSON.encode(Samples.mixedReport), as: UTF8.self))

        #expect(!outputs.isEmpty)
        #expect(try snapshots.outbox.entries().count == 2)
        for output in outputs {
            #expect(!output.contains("xoxSecretToken123"), "the URL leaked into: \(output)")
            #expect(!output.contains("T0SECRET"), "the URL leaked into: \(output)")
        }
    }

    @Test func dryRunReturnsThePayloadsAndSendsNothing() async throws {
        let receiver = try LoopbackHTTPServer { _ in .status(200) }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }

        let alerts = try makeNotifier(url: receiver.url(secretPath), snapshots: snapshots).alerts(
            for: Samples.mixedReport)

        #expect(alerts.count == 1)
        let body = try #require(alerts.first?.body)
        #expect((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["blocks"] != nil)
        #expect(receiver.requests.isEmpty)
        #expect(try snapshots.outbox.entries().isEmpty)
    }

    @Test func testMessageReachesEveryDestination() async throws {
        let receiver = try LoopbackHTTPServer { _ in .status(200) }
        defer { receiver.stop() }
        let snapshots = TemporarySnapshots()
        defer { snapshots.cleanUp() }

        try await makeNotifier(url: receiver.url(secretPath), snapshots: snapshots).sendTestMessage()

        #expect(receiver.requests.count == 1)
        #expect(receiver.requests.first?.bodyText.contains("pricewatch* test message") == true)
        await #expect(throws: NotifyError.self) {
            try await makeNotifier(url: "", snapshots: snapshots, environment: [:]).sendTestMessage()
        }
    }
}

extension LoopbackResponse {
    /// This response with another status.
    func with(status: Int) -> LoopbackResponse {
        var copy = self
        copy.status = status
        return copy
    }
}
