import PricewatchHTML
import Testing

@testable import PricewatchCore

/// `scripts:` in a site: script and style text is left out of parsing unless the rules read it.
@Suite struct ScriptTextTests {
    static func site(_ rules: String) throws -> SiteRules {
        let config = try Configuration.parse(yaml: "sites:\n  shop:\n" + rules)
        return try #require(config.sites["shop"])
    }

    static let page = """
        <html><head><style>h1 { color: red }</style>
        <script type="application/ld+json">{"offers": {"price": "19.00"}}</script></head>
        <body><h1>Acme <script>track("h1")</script>Cloud</h1></body></html>
        """

    @Test func rulesThatReadNoScriptDropBoth() throws {
        let site = try Self.site("    vendor:\n      css: h1\n")
        #expect(site.scripts == .auto)
        #expect(site.parseOptions == [.dropScriptText, .dropStyleText])
    }

    @Test func aRuleNamingScriptKeepsScriptsButNotStyles() throws {
        let site = try Self.site(
            "    extras:\n      offer:\n        xpath: \"//script[@type='application/ld+json']\"\n"
                + "        regex: '\"price\": \"([0-9.]+)\"'\n")
        #expect(site.parseOptions == [.dropStyleText])
        let record = try Extractor(site: site).extract(
            page: Array(Self.page.utf8), target: "shop/a", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
        #expect(record.extras["offer"] == .text("19.00"))
    }

    @Test func rowRulesCountToo() throws {
        let site = try Self.site(
            "    plans:\n      each:\n        css: \"div.plan\"\n      name:\n        css: \"style + h3\"\n")
        #expect(site.parseOptions == [.dropScriptText])
    }

    @Test(arguments: [("keep", []), ("drop", [.dropScriptText, .dropStyleText])] as [(String, HTMLParseOptions)])
    func explicitSettingWins(setting: String, options: HTMLParseOptions) throws {
        let site = try Self.site("    scripts: \(setting)\n    vendor:\n      xpath: \"string(//script)\"\n")
        #expect(site.parseOptions == options)
    }

    @Test func droppedScriptsLeaveTheVisibleTextAlone() throws {
        let site = try Self.site("    vendor:\n      xpath: \"normalize-space(//h1)\"\n")
        let keep = try Self.site("    scripts: keep\n    vendor:\n      xpath: \"normalize-space(//h1)\"\n")
        let dropped = try Extractor(site: site).extract(
            page: Array(Self.page.utf8), target: "shop/a", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
        let kept = try Extractor(site: keep).extract(
            page: Array(Self.page.utf8), target: "shop/a", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
        // XPath's string value includes script text; with scripts dropped it is what a reader sees.
        #expect(dropped.vendor == "Acme Cloud")
        #expect(kept.vendor == "Acme track(\"h1\")Cloud")
    }
}
