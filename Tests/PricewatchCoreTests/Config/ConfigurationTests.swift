import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

@Suite struct ConfigurationTests {
    static let minimalSite = """
        sites:
          shop:
            vendor:
              css: "h1"
              required: true
            plans:
              each:
                xpath: "//tr[td]"
              name:
                xpath: "td[1]"
              prices:
                monthly:
                  css: "td.price"
        """

    @Test func repositorySelectorsFileLoads() throws {
        let config = try Configuration.load(path: TestPaths.repository + "/selectors.yml")
        #expect(Set(config.sites.keys) == ["costbench", "lumalabs"])
        #expect(
            config.targets.map(\.id) == [
                "costbench/kling-api", "costbench/fal-ai", "costbench/luma-dream-machine-api", "lumalabs/dream-machine",
            ])
        #expect(try config.target(id: "lumalabs/dream-machine").url == "https://lumalabs.ai/dream-machine/pricing")
        #expect(config.fetch.maxPerHost == 2)
        #expect(config.fetch.maxConcurrent == 16)
    }

    @Test func relativeCSSInsideRowsCompilesRelative() throws {
        let config = try Configuration.parse(yaml: Self.minimalSite)
        let site = try config.site(named: "shop")
        let monthly = try #require(site.plans?.prices.first)
        #expect(monthly.field == "monthly")
        #expect(monthly.rule.selector?.language == .css)
        #expect(monthly.rule.selector?.xpath.hasPrefix("/") == false)
        #expect(site.rule("vendor")?.required == true)
        #expect(site.rule("vendor")?.selector?.xpath.hasPrefix("/") == true)
    }

    @Test(
        arguments: [
            // (yaml, expected line, expected key, expected words in the problem)
            ("sites:\n  shop:\n    vendor:\n      xpth: \"//h1\"\n", 4, "sites.shop.vendor.xpth", "unknown key 'xpth'"),
            ("sites:\n  shop:\n    vendor:\n      css: \"div >\"\n", 4, "sites.shop.vendor.css", "position"),
            (
                "sites:\n  shop:\n    vendor:\n      xpath: \"//h1\"\n      css: \"h1\"\n", 4, "sites.shop.vendor",
                "not both"
            ),
            (
                "sites:\n  shop:\n    vendor:\n      xpath: \"//h1\"\n      type: money\n", 5, "sites.shop.vendor.type",
                "unknown type 'money'"
            ),
            (
                "sites:\n  shop:\n    vendor:\n      xpath: \"//h1\"\n      regex: \"(unclosed\"\n", 5,
                "sites.shop.vendor.regex", "invalid regular expression"
            ),
            (
                "sites:\n  shop:\n    plans:\n      name:\n        xpath: td\n", 4, "sites.shop.plans",
                "missing required key 'each'"
            ),
            (
                "sites:\n  shop: {}\ntargets:\n  - id: shop/a\n    site: nope\n    url: https://example.com/\n", 5,
                "targets.[0].site", "unknown site 'nope'"
            ),
            (
                "sites:\n  shop: {}\ntargets:\n  - id: ../etc\n    site: shop\n    url: https://example.com/\n", 4,
                "targets.[0].id", "not a valid id"
            ),
            (
                "sites:\n  shop: {}\ntargets:\n  - id: shop/a\n    site: shop\n    url: file:///etc/passwd\n", 6,
                "targets.[0].url", "not an http(s) URL"
            ),
            (
                "sites:\n  shop: {}\ntargets:\n  - {id: a, site: shop, url: \"http://x.test/\"}\n  - {id: a, site: shop, url: \"http://y.test/\"}\n",
                5, "targets.[1]", "duplicate target id 'a'"
            ),
            (
                "sites:\n  shop: {}\ndefaults:\n  fetch:\n    max_per_host: 0\n", 5, "defaults.fetch.max_per_host",
                "out of range"
            ),
            ("sites:\n  shop:\n    scripts: strip\n", 3, "sites.shop.scripts", "expected one of: auto, keep, drop"),
            ("sites:\n  shop:\n    vendor:\n      column: Vendor\n", 4, "sites.shop.vendor.column", "inside 'plans'"),
            (
                "sites:\n  shop:\n    plans:\n      each: {xpath: \"//tr\"}\n      name: {column: Plan, xpath: td}\n",
                5,
                "sites.shop.plans.name", "exactly one of 'xpath', 'css', 'value' or 'column'"
            ),
            (
                "sites:\n  shop:\n    vendor:\n      xpath: \"//h1\"\n      required: maybe\n", 5,
                "sites.shop.vendor.required", "expected true or false, found 'maybe'"
            ),
            (
                "sites:\n  shop:\n    vendor:\n      xpath: \"//h1\"\n      required: \"true\"\n", 5,
                "sites.shop.vendor.required", "expected true or false, found 'true'"
            ),
            (
                "sites:\n  shop:\n    vendor:\n      xpath: h2\n      by_name: {xpath: \"//h3\"}\n", 5,
                "sites.shop.vendor.by_name", "use it inside 'plans' or 'alternatives'"
            ),
            (
                "sites:\n  shop:\n    plans:\n      each: {xpath: \"//tr\"}\n      name: {xpath: td}\n"
                    + "      features:\n        column: Features\n        by_name: {css: h3}\n",
                8, "sites.shop.plans.features.by_name", "needs the rule's 'xpath' or 'css'"
            ),
            (
                "sites:\n  shop:\n    plans:\n      each: {xpath: \"//tr\"}\n      name: {xpath: td}\n"
                    + "      features:\n        xpath: li\n        by_name:\n          attribute: id\n",
                9, "sites.shop.plans.features.by_name", "needs an xpath or css selector"
            ),
            (
                "sites:\n  shop:\n    plans:\n      each: {xpath: \"//tr\"}\n      name: {xpath: td}\n"
                    + "      features:\n        xpath: li\n        by_name: {xpath: \"//h3[. = $plan]\"}\n",
                8, "sites.shop.plans.features.by_name", "cannot use $plan"
            ),
            (
                "sites:\n  shop:\n    plans:\n      each: {xpath: \"//tr\"}\n"
                    + "      name: {xpath: td, by_name: {css: h3}}\n",
                5, "sites.shop.plans.name", "a row's name cannot be found by name"
            ),
            ("sites:\n  shop:\n    vendor: [\n", 4, "", "invalid YAML"),
            ("site:\n  shop: {}\n", 1, "site", "unknown key 'site'"),
            (
                "targets:\n  - id: a\n    site: auto\n    site: auto\n    url: http://127.0.0.1/a\n", 3, "",
                "duplicate key 'site'; each key may appear once"
            ),
        ] as [(String, Int, String, String)])
    func invalidConfigurationNamesLineAndKey(yaml: String, line: Int, key: String, problem: String) {
        do {
            _ = try Configuration.parse(yaml: yaml, file: "bad.yml")
            Issue.record("expected \(problem)")
        } catch {
            #expect(error.file == "bad.yml")
            #expect(error.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
            #expect(error.description.hasPrefix("bad.yml:\(line): "))
        }
    }

    @Test(arguments: [("true", true), ("Yes", true), ("on", true), ("false", false), ("NO", false), ("off", false)])
    func booleansAreReadAsYAML11SpellsThem(word: String, value: Bool) throws {
        let yaml = Self.minimalSite.replacingOccurrences(of: "required: true", with: "required: \(word)")
        let config = try Configuration.parse(yaml: yaml)
        #expect(try config.site(named: "shop").rule("vendor")?.required == value)
    }

    @Test func missingFileSaysHowToChooseAnother() {
        #expect {
            try Configuration.load(path: "/nonexistent/selectors.yml")
        } throws: { error in
            "\(error)".contains("/nonexistent/selectors.yml") && "\(error)".contains("--config")
        }
    }

    @Test func targetsCarryTagsThresholdsAndIgnores() throws {
        let yaml = """
            sites:
              shop: {}
            targets:
              - id: shop/pro
                site: shop
                url: https://shop.test/pricing
                tags: [competitors, video]
                min_change_pct: 2.5
                ignore: [free_tier, alternatives]
            """
        let target = try #require(try Configuration.parse(yaml: yaml).targets.first)
        #expect(target.tags == ["competitors", "video"])
        #expect(target.minChangePercent == Decimal(string: "2.5"))
        #expect(target.ignoredFields == ["free_tier", "alternatives"])
    }

    @Test func unknownTargetSuggestsCloseMatches() throws {
        let config = try Configuration.load(path: TestPaths.repository + "/selectors.yml")
        #expect {
            try config.target(id: "kling-api")
        } throws: { error in
            "\(error)".contains("costbench/kling-api")
        }
    }

    /// The id check reads bytes; the `Character` reading it replaced is the reference.
    @Test func idsAreCheckedAsTheCharacterRulesSay() {
        func reference(_ id: String) -> Bool {
            let parts = id.split(separator: "/", omittingEmptySubsequences: false)
            return (1...3).contains(parts.count)
                && parts.allSatisfy { part in
                    !part.isEmpty && part != "." && part != ".." && part.first != "."
                        && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
                }
        }
        let pieces = ["a", "Z", "9", "-", "_", ".", "/", "..", " ", "é", "\r\n", "\u{0}", "costbench", "x.y"]
        var random = SplitMix64(seed: 0x1D)
        for _ in 0..<20_000 {
            let id = (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined()
            #expect(Target.isValidID(id) == reference(id), "\(id.debugDescription)")
        }
    }

    /// Ids that would collide with the snapshot folder's own files, or break paths, fail when the file loads
    /// (a target named `last-seen.json` used to become a folder that blocked every later run).
    @Test(
        arguments: [
            ("last-seen.json", "'last-seen.json' is reserved for snapshot files"),
            ("a/history", "'history' is reserved for snapshot files"),
            ("shop/latest.json", "'latest.json' is reserved for snapshot files"),
            (String(repeating: "a", count: 101), "it is longer than 100 characters"),
        ])
    func idsThatCollideWithTheStoreFailAtLoad(id: String, reason: String) {
        let yaml = "sites:\n  shop: {}\ntargets:\n  - {id: \(id), site: shop, url: \"https://shop.test/\"}\n"
        #expect {
            try Configuration.parse(yaml: yaml)
        } throws: { error in
            "\(error)".contains("selectors.yml:4") && "\(error)".contains(reason)
                && "\(error)".contains("choose another id")
        }
    }

    @Test func idsDifferingOnlyInCaseAreDuplicates() {
        let yaml = """
            sites:
              shop: {}
            targets:
              - {id: shop/Pro, site: shop, url: "https://shop.test/a"}
              - {id: shop/pro, site: shop, url: "https://shop.test/b"}
            """
        #expect {
            try Configuration.parse(yaml: yaml)
        } throws: { error in
            "\(error)".contains("selectors.yml:5")
                && "\(error)".contains("duplicate target id 'shop/pro' and 'shop/Pro' (first at line 4)")
        }
    }
}
