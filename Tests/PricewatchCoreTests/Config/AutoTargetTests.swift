import Testing

@testable import PricewatchCore

/// Targets read without rules: `site: auto` or `extract: auto` needs only an id and a URL.
@Suite struct AutoTargetTests {
    @Test func autoTargetsNeedOnlyAnIdAndAURL() throws {
        let yaml = """
            targets:
              - id: acme/pricing
                site: auto
                url: https://acme.test/pricing
              - {id: beta/pricing, extract: auto, url: "https://beta.test/pricing"}
            """
        let config = try Configuration.parse(yaml: yaml)
        #expect(config.sites.isEmpty)
        #expect(config.targets.map(\.site) == ["auto", "auto"])
        #expect(config.targets.allSatisfy { $0.usesAutoExtraction })
    }

    @Test func autoAndRuleTargetsMix() throws {
        let yaml = """
            sites:
              shop: {}
            targets:
              - {id: shop/a, site: shop, url: "https://shop.test/a"}
              - {id: shop/b, site: auto, url: "https://shop.test/b"}
            """
        let targets = try Configuration.parse(yaml: yaml).targets
        #expect(targets.map(\.usesAutoExtraction) == [false, true])
    }

    @Test(arguments: [
        ("sites:\n  auto: {}\ntargets: []\n", "'auto' is reserved"),
        ("targets:\n  - {id: a/b, extract: rules, url: \"https://a.test\"}\n", "'extract' takes only 'auto'"),
        (
            "sites:\n  shop: {}\ntargets:\n  - {id: a/b, site: shop, extract: auto, url: \"https://a.test\"}\n",
            "not both"
        ),
        ("targets:\n  - {id: a/b, url: \"https://a.test\"}\n", "site: auto"),
        ("targets:\n  - {id: a/b, site: nosuch, url: \"https://a.test\"}\n", "site: auto"),
    ])
    func mistakesSayWhatToWrite(_ yaml: String, _ hint: String) {
        #expect {
            try Configuration.parse(yaml: yaml)
        } throws: { error in
            "\(error)".contains(hint) && "\(error)".contains("selectors.yml:")
        }
    }
}
