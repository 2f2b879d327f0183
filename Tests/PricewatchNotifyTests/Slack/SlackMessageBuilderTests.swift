import Foundation
import PricewatchCore
import Testing

@testable import PricewatchNotify

/// The message decoded back from JSON, as Slack would see it.
struct DecodedSlackMessage: Decodable {
    struct Block: Decodable {
        struct Text: Decodable { let type: String; let text: String }
        let type: String
        let text: Text?
    }

    let text: String
    let blocks: [Block]

    init(_ message: SlackMessage) throws {
        self = try JSONDecoder().decode(Self.self, from: PricewatchJSON.encode(message, pretty: false))
    }

    var sectionTexts: [String] { blocks.compactMap { $0.text?.text } }
}

@Suite("Slack messages: content, escaping and splitting")
struct SlackMessageBuilderTests {
    @Test func oneMessageWithHeaderLinesAndFailureSection() throws {
        let messages = SlackMessageBuilder().messages(for: Samples.mixedReport)
        #expect(messages.count == 1)
        let message = try DecodedSlackMessage(try #require(messages.first))
        #expect(message.blocks.allSatisfy { $0.type == "section" || $0.type == "divider" })
        #expect(message.blocks.compactMap(\.text).allSatisfy { $0.type == "mrkdwn" })
        let all = message.sectionTexts.joined(separator: "\n")
        for expected in [
            "*<https://example.com/kling|Kling API>* · `costbench/kling-api`",
            "• Pro monthly: $35/mo → $39/mo (+11.4%)",
            "• Plan added: Team ($28/mo)",
            "• Plan removed: Starter",
            "• Feature added to Pro: 4K export",
            "• Last verified: May 12 → May 30, 2026",
            "• Free tier: 10 credits → none",
            "*Broken pages and fetch failures*",
            "*<https://lumalabs.ai/dream-machine/pricing|lumalabs/dream-machine>*",
            "selectors no longer match — page layout changed? (plans matched nothing)",
        ] {
            #expect(all.contains(expected), "missing \(expected)")
        }
        #expect(!all.contains("fal.ai"), "unchanged targets are not mentioned")
        #expect(message.text.hasPrefix("*pricewatch*: 1 target changed, 1 failing"))
        #expect(
            message.text.contains("Pro monthly: $35/mo → $39/mo (+11.4%)"), "the fallback text carries the lines too")
        let failuresHeader = try #require(all.range(of: "Broken pages"))
        #expect(all.range(of: "Kling API")!.lowerBound < failuresHeader.lowerBound, "failures come after changes")
    }

    @Test func nothingChangedAndNothingFailedMeansNoMessage() {
        #expect(SlackMessageBuilder().messages(for: Samples.quietReport).isEmpty)
        #expect(SlackMessageBuilder().messages(for: Samples.report([])).isEmpty)
    }

    @Test(arguments: [
        ("<!channel>", "&lt;!channel&gt;"),
        ("<@U123>", "&lt;@U123&gt;"),
        ("<http://evil.example|click here>", "&lt;http://evil.example|click here&gt;"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("&lt;already&gt;", "&amp;lt;already&amp;gt;"),
        // U+0605 is a prepended mark: it and the `<` after it are one Character (found by `make fuzz`).
        ("\u{605}<!channel>", "\u{605}&lt;!channel&gt;"),
    ])
    func hostilePageTextCannotPingOrLink(hostile: String, escaped: String) throws {
        let change = Change(target: "x/y", kind: .planAdded, plan: hostile, new: .text(hostile))
        let report = Samples.report([
            .init(id: "x/y", url: "https://example.com/p", vendor: hostile, status: .changed, changes: [change]),
            .init(
                id: "x/z", url: nil, vendor: hostile, status: .failed,
                changes: [Change(target: "x/z", kind: .fetchFailed, message: hostile)]),
        ])
        let message = try DecodedSlackMessage(try #require(SlackMessageBuilder().messages(for: report).first))
        for text in message.sectionTexts + [message.text] {
            #expect(!text.contains(hostile) || hostile == escaped, "raw hostile text in \(text)")
            #expect(!text.contains("<!"), "a mention survived in \(text)")
            #expect(!text.contains("<@"), "a user ping survived in \(text)")
            #expect(!text.contains("<http://evil"), "a forged link survived in \(text)")
        }
        #expect(message.sectionTexts.joined().contains("Plan added: \(escaped) (\(escaped))"))
        #expect(message.sectionTexts.joined().contains("<https://example.com/p|\(escaped)>"))
    }

    @Test(arguments: [
        "javascript:alert(1)", "https://example.com/a|<!channel>", "https://exa mple.com", "https://example.com/>x",
        "not a url",
    ])
    func unsafeTargetURLsAreNotLinked(url: String) throws {
        let report = Samples.report([
            .init(id: "x/y", url: url, vendor: "Vendor", status: .changed, changes: [Samples.priceIncrease])
        ])
        let message = try DecodedSlackMessage(try #require(SlackMessageBuilder().messages(for: report).first))
        let header = try #require(message.sectionTexts.first { $0.contains("`x/y`") })
        #expect(header.hasPrefix("*Vendor* · "), "\(header)")
        #expect(!header.contains("<"))
    }

    @Test func ampersandInALinkIsEscaped() {
        #expect(SlackText.link("https://example.com/p?a=1&b=2", label: "V") == "<https://example.com/p?a=1&amp;b=2|V>")
    }

    @Test func twoHundredChangesAreSplitWithinLimitsAndNoneIsLost() throws {
        let targets = (0..<20).map { index in
            Report.TargetResult(
                id: "vendor/page-\(index)", url: "https://example.com/\(index)", vendor: "Vendor \(index)",
                status: .changed,
                changes: (0..<10).map { plan in
                    Change(
                        target: "vendor/page-\(index)", kind: .featureAdded, plan: "Plan \(plan)",
                        feature: "feature-\(index)-\(plan) " + String(repeating: "long description ", count: 12))
                })
        }
        let messages = SlackMessageBuilder().messages(for: Samples.report(targets))
        #expect(messages.count > 1)
        let decoded = try messages.map(DecodedSlackMessage.init)
        for (index, message) in decoded.enumerated() {
            #expect(message.blocks.count <= 50)
            #expect(message.sectionTexts.allSatisfy { $0.count <= 3000 })
            #expect(message.text.count <= 40_000)
            #expect(message.sectionTexts.first?.hasSuffix("part \(index + 1) of \(decoded.count)") == true)
        }
        let everything = decoded.flatMap(\.sectionTexts).joined(separator: "\n")
        for index in 0..<20 {
            for plan in 0..<10 {
                #expect(everything.contains("Feature added to Plan \(plan): feature-\(index)-\(plan) "))
            }
        }
    }

    @Test func oneHugeTargetContinuesAcrossSectionsAndLongLinesAreCut() throws {
        let limits = SlackLimits(blocks: 5, sectionCharacters: 200, messageCharacters: 600)
        let hostile = String(repeating: "<&>", count: 150)
        let changes =
            (0..<30).map { Change(target: "a/b", kind: .featureAdded, plan: "P", feature: "f\($0)") }
            + [Change(target: "a/b", kind: .featureAdded, plan: "P", feature: hostile)]
        let report = Samples.report([
            .init(id: "a/b", url: "https://example.com", vendor: "V", status: .changed, changes: changes)
        ])
        let decoded = try SlackMessageBuilder(limits: limits).messages(for: report).map(DecodedSlackMessage.init)
        #expect(decoded.count > 1)
        #expect(decoded.allSatisfy { $0.blocks.count <= 5 && $0.sectionTexts.allSatisfy { $0.count <= 200 } })
        let sections = decoded.flatMap { $0.sectionTexts.dropFirst() }  // without each part's summary
        let continued = sections.filter { $0.hasPrefix("*V* (continued)") }
        #expect(continued.count >= 2)
        // The header stands on its own line: a cut line's rest never runs into it ("(continued)&lt;&amp;...").
        #expect(continued.allSatisfy { $0.dropFirst("*V* (continued)".count).hasPrefix("\n") })
        let joined = sections.map { section in
            guard section.hasPrefix("*V* (continued)") else { return section }
            let rest = section.dropFirst("*V* (continued)".count)
            // A new bullet keeps its line break; the rest of a cut line loses the one the header added.
            return String(rest.hasPrefix("\n• ") ? rest : rest.dropFirst())
        }.joined()
        for index in 0..<30 { #expect(joined.contains("• Feature added to P: f\(index)\n")) }
        // The long hostile line arrives whole once the pieces are put back together, every entity intact.
        #expect(joined.contains(String(repeating: "&lt;&amp;&gt;", count: 150)))
    }

    @Test(arguments: [
        (
            Change(
                target: "t", kind: .priceChanged, plan: "Pro", field: "annual",
                old: .price(Samples.usd("100", period: "year")),
                new: .price(Samples.usd("90", period: "year")), deltaPercent: Amount("-10")),
            "Pro annual: $100/yr → $90/yr (-10%)"
        ),
        (
            Change(
                target: "t", kind: .priceChanged, plan: "API", field: "per_second",
                old: .price(
                    Price(raw: "€0.05", kind: .amount, amount: Amount("0.05"), currency: "EUR", unit: "second")),
                new: .price(Price(raw: "Contact us", kind: .contactSales))), "API per_second: €0.05/second → Contact us"
        ),
        (Change(target: "t", kind: .featureRemoved, plan: "Pro", feature: "SSO"), "Feature removed from Pro: SSO"),
        (
            Change(target: "t", kind: .lastVerifiedChanged, old: .text("2025-12-30"), new: .text("2026-01-02")),
            "Last verified: Dec 30, 2025 → Jan 2, 2026"
        ),
        (
            Change(target: "t", kind: .lastVerifiedChanged, old: nil, new: .text("2026-01-02")),
            "Last verified: none → 2026-01-02"
        ),
        (Change(target: "t", kind: .fetchFailed, message: "HTTP 503"), "could not fetch the page (HTTP 503)"),
        (
            Change(
                target: "t", kind: .planAdded, plan: "Team",
                new: .price(Price(raw: "1,000 CHF", kind: .amount, amount: Amount("1000"), currency: "CHF"))),
            "Plan added: Team (1000 CHF)"
        ),
    ])
    func changeLines(change: Change, line: String) {
        #expect(ChangeSummary.line(for: change) == line)
    }
}
