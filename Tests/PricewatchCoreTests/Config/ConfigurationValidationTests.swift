import Foundation
import PricewatchFetch
import Testing

@testable import PricewatchCore

/// Mistakes that used to fail only on some page at run time, or never, are found when the file loads — all
/// of them at once, each with its line and key.
@Suite struct ConfigurationValidationTests {
    static func problems(_ yaml: String) -> [ConfigurationError] {
        do {
            _ = try Configuration.parse(yaml: yaml, file: "bad.yml")
            return []
        } catch {
            return error.all
        }
    }

    @Test func everyProblemOfTheFileIsReportedAtOnceInFileOrder() throws {
        let yaml = """
            defaults:
              fetch:
                max_concurrent: 2.5
            sites:
              shop:
                vendor:
                  xpath: "//h1[@data-v = $price]"
                free_tier:
                  xpath: "//p[ex:upper(.) = 'FREE']"
                plans:
                  each: {xpath: "//tr"}
                  name: {xpath: "td[1]"}
                  prices:
                    monthly: {xpath: "td[lower-case(.) = 'x']"}
                    annual: {xpath: "td[2]", typo: 1}
            targets:
              - {id: shop/a, site: shop, url: "https://shop.test/pricing page"}
              - {id: shop/b, site: shop, url: "https://shop.test/", ignore: [fre_tier]}
              - {id: shop/c, site: shop, url: "https://user:hunter2@shop.test/"}
            """
        let found = Self.problems(yaml)
        #expect(
            found.map { "\($0.line ?? 0) \($0.key)" } == [
                "3 defaults.fetch.max_concurrent",
                "7 sites.shop.vendor.xpath",
                "9 sites.shop.free_tier.xpath",
                "14 sites.shop.plans.prices.monthly.xpath",
                "15 sites.shop.plans.prices.annual.typo",
                "17 targets.[0].url",
                "18 targets.[1].ignore",
                "19 targets.[2].url",
            ], "\(found)")
        let text = found.map(\.problem).joined(separator: "\n")
        for words in [
            "expected a whole number, found '2.5'", "$price is not defined", "prefix 'ex'",
            "lower-case() is not an XPath 1.0 function", "unknown key 'typo'", "percent-encode",
            "'fre_tier' is not a field of site 'shop'", "headers: {Authorization: {env: PRICING_TOKEN}}",
        ] {
            #expect(text.contains(words), "missing \(words)")
        }
        #expect(!text.contains("hunter2"), "the password is never echoed")
    }

    @Test(
        arguments: [
            // Names evaluation cannot resolve; each compiles, and used to fail only where a page reached it.
            ("//div[$plan = 'x']", "only defined in the prices, best_for and features"),
            ("//svg:rect", "prefix 'svg'"),
            ("//li[matches(., 'x')]", "matches() is not an XPath 1.0 function"),
            ("//li[fn:contains(., 'x')]", "prefix 'fn'"),
        ])
    func unresolvableNamesInSiteRulesAreFound(xpath: String, words: String) {
        let yaml = "sites:\n  shop:\n    vendor:\n      xpath: \"\(xpath)\"\n"
        let found = Self.problems(yaml)
        #expect(found.count == 1 && found[0].line == 4 && found[0].key == "sites.shop.vendor.xpath", "\(found)")
        #expect(found.first?.problem.contains(words) == true, "\(found)")
    }

    @Test func vendorIsOnlyUsableWhereAVendorRuleSetsIt() {
        // A site without a vendor rule: $vendor is never set, which used to fail on every page at run time.
        let withoutRule = Self.problems(
            "sites:\n  shop:\n    plans:\n      each: {xpath: \"//div[@data-vendor = $vendor]\"}\n"
                + "      name: {css: h3}\n")
        #expect(withoutRule.count == 1 && withoutRule[0].key == "sites.shop.plans.each.xpath", "\(withoutRule)")
        #expect(withoutRule.first?.problem.contains("the site has no vendor rule") == true, "\(withoutRule)")
        #expect(withoutRule.first?.problem.contains("vendor: {value:") == true)
        // The vendor rule itself runs before $vendor has a value.
        let selfReference = Self.problems("sites:\n  shop:\n    vendor: {xpath: \"//h1[. != $vendor]\"}\n")
        #expect(selfReference.count == 1 && selfReference[0].key == "sites.shop.vendor.xpath", "\(selfReference)")
        #expect(selfReference.first?.problem.contains("cannot use it itself") == true, "\(selfReference)")
        // With a vendor rule, other rules may use it.
        let bound = Self.problems(
            "sites:\n  shop:\n    vendor: {value: Acme}\n    plans:\n"
                + "      each: {xpath: \"//div[@data-vendor = $vendor]\"}\n      name: {css: h3}\n")
        #expect(bound.isEmpty, "\(bound)")
    }

    @Test func variablesFunctionsAndOperatorsThatResolveAreAccepted() throws {
        let yaml = """
            sites:
              shop:
                vendor: {xpath: "(//h1 | //title)[1]"}
                price_range: {xpath: "concat(//p[@id='lo'], ' - ', //p[@id = \\"hi\\"])"}
                plans:
                  each: {xpath: "//tr[count(td) * 2 > 3 and not(@hidden) or td div 2 mod 1 = 0]"}
                  name: {xpath: "td[1]/text()"}
                  features: {xpath: "//section[h3 = $plan]/descendant::li[normalize-space() != $vendor]", type: list}
                alternatives:
                  each: {xpath: "//tr[td][normalize-space(td[1]) != $vendor]"}
                  name: {xpath: "child::td[position() = 1]"}
            """
        let config = try Configuration.parse(yaml: yaml)
        #expect(config.sites["shop"]?.plans?.rows.rule("features") != nil)
    }

    @Test(
        arguments: [
            ("vendor: \"Acme\"", "write { value: \"Acme\" }"),
            ("vendor: \"//nav//li[@aria-current]\"", "write { xpath: \"//nav//li[@aria-current]\" }"),
            ("vendor: \".vendor-name\"", "write { css: \".vendor-name\" }"),
        ])
    func aBareValueWhereARuleBelongsSaysWhatToWrite(line: String, hint: String) {
        let found = Self.problems("sites:\n  shop:\n    \(line)\n")
        #expect(found.first?.key == "sites.shop.vendor")
        #expect(found.first?.problem.contains(hint) == true, "\(found)")
    }

    @Test func aMisspeltKeyIsReportedOnceNotAlsoAsTheMissingKeyItCauses() {
        let found = Self.problems(
            "sites:\n  shop:\n    plans:\n      each: {xpath: \"//tr\"}\n      nmae: {xpath: td}\n")
        #expect(found.map(\.problem).count == 1, "\(found)")
        #expect(found.first?.problem.contains("unknown key 'nmae'") == true)
    }

    @Test func targetsOfASiteWithProblemsAreNotAlsoReportedAsNamingNoSite() {
        let found = Self.problems(
            "sites:\n  shop: [1]\ntargets:\n  - {id: shop/a, site: shop, url: \"https://shop.test/\"}\n")
        #expect(found.count == 1 && found[0].key == "sites.shop", "\(found)")
    }

    @Test func wholeNumberKeysRefuseFractions() {
        for key in ["max_concurrent", "max_per_host", "max_attempts", "max_redirects"] {
            let found = Self.problems("sites: {}\ndefaults:\n  fetch:\n    \(key): 2.5\n")
            #expect(found.first?.key == "defaults.fetch.\(key)", "\(found)")
        }
    }

    @Test func ignoreAcceptsRecordPriceAndExtraFieldNames() throws {
        let yaml = """
            sites:
              shop:
                plans:
                  each: {xpath: "//tr"}
                  name: {xpath: td}
                  prices: {monthly: {xpath: "td[2]"}}
                extras: {badge: {css: ".badge"}}
            targets:
              - {id: shop/a, site: shop, url: "https://shop.test/", ignore: [free_tier, monthly, extras.badge, extras]}
            """
        #expect(try Configuration.parse(yaml: yaml).targets.first?.ignoredFields.count == 4)
    }

    @Test func headersComeFromTheFileOrTheEnvironmentAndTargetsOverrideDefaults() throws {
        let yaml = """
            defaults:
              fetch:
                headers:
                  Accept-Language: en-GB
                  Authorization: {env: SHARED_TOKEN}
            sites: {shop: {}}
            targets:
              - id: shop/a
                site: shop
                url: https://shop.test/
                headers: {authorization: {env: SHOP_TOKEN}}
            """
        let config = try Configuration.parse(yaml: yaml)
        let target = try #require(config.targets.first)
        let request = try target.fetchRequest(
            defaultHeaders: config.fetch.headers, environment: ["SHOP_TOKEN": "Bearer abc", "SHARED_TOKEN": "x"])
        #expect(request.headers.map(\.description) == ["Accept-Language: en-GB", "authorization: [redacted]"])
        #expect(request.headers.map(\.value) == ["en-GB", "Bearer abc"])
        #expect(request.headers.map(\.isSecret) == [false, true])
        #expect(throws: HeaderEnvironmentError.self) {
            try target.fetchRequest(defaultHeaders: config.fetch.headers, environment: [:])
        }
    }

    @Test(
        arguments: [
            ("Authorization: \"Bearer abc123\"", "is a credential"),
            ("X-Api-Key: abc123", "is a credential"),
            ("User-Agent: me", "set user_agent instead"),
            ("Host: other.test", "sets the Host header itself"),
            ("Authorization: {env: \"https://hooks.test/x\"}", "name of an environment variable"),
            ("\"Bad Name\": x", "not an HTTP header name"),
        ])
    func headerMistakesAreRefusedWithoutEchoingValues(entry: String, words: String) {
        let yaml =
            "sites: {shop: {}}\ntargets:\n  - id: shop/a\n    site: shop\n    url: https://shop.test/\n"
            + "    headers:\n      \(entry)\n"
        let found = Self.problems(yaml)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.problem.contains(words) == true, "\(found)")
        #expect(found.first?.line == 7)
        #expect(!"\(found)".contains("abc123"))
    }
}
