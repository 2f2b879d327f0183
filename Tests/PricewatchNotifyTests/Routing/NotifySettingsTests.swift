import Foundation
import PricewatchCore
import PricewatchNotify
import Testing

@Suite("notify: section parsing and routing")
struct NotifySettingsTests {
    static func configuration(_ notify: String) throws(ConfigurationError) -> Configuration {
        try Configuration.parse(
            yaml: """
                sites:
                  shop:
                    vendor:
                      xpath: "//h1"
                targets:
                  - id: shop/video
                    site: shop
                    url: https://example.com/video
                    tags: [video, ai]
                  - id: shop/image
                    site: shop
                    url: https://example.com/image
                    tags: [image]
                \(notify)
                """)
    }

    @Test func fullSectionParsesIntoRoutes() throws {
        let config = try Self.configuration(
            """
            notify:
              slack: {}
              webhook:
                url_env: HOOK_URL
                secret_env: HOOK_SECRET
              rules:
                - name: video-prices
                  slack_env: SLACK_VIDEO
                  tags: [video]
                  kinds: [prices, last_verified_changed]
                  min_change_pct: 5
                - name: ops
                  webhook_env: OPS_URL
                  targets: ["shop/*"]
                  kinds: failures
            """)
        let routes = config.notify.routes
        #expect(routes.map(\.name) == ["slack", "webhook", "video-prices", "ops"])
        #expect(routes[0].destination == .slack(urlVariable: "SLACK_WEBHOOK_URL"))
        #expect(routes[0].kinds == Set(Change.Kind.allCases))
        #expect(routes[1].destination == .webhook(urlVariable: "HOOK_URL", secretVariable: "HOOK_SECRET"))
        #expect(routes[2].kinds == [.priceChanged, .planAdded, .planRemoved, .lastVerifiedChanged])
        #expect(routes[2].minChangePercent == 5)
        #expect(routes[2].tags == ["video"])
        #expect(routes[3].kinds == [.extractionFailed, .fetchFailed])
        #expect(routes[3].targets == ["shop/*"])
    }

    @Test func absentSectionMeansNoRoutes() throws {
        #expect(try Self.configuration("").notify.routes.isEmpty)
    }

    @Test(arguments: [
        (
            "notify:\n  slack:\n    webhook_env: https://hooks.slack.com/services/T0/B0/XYZ",
            "notify.slack.webhook_env", "not a URL"
        ),
        ("notify:\n  email: {}", "notify.email", "unknown key 'email'"),
        (
            "notify:\n  rules:\n    - name: a\n      kinds: [price_moved]\n      slack_env: A",
            "notify.rules.[0].kinds", "unknown change kind 'price_moved'"
        ),
        ("notify:\n  rules:\n    - name: a", "notify.rules.[0]", "exactly one of slack_env or webhook_env"),
        (
            "notify:\n  rules:\n    - name: a\n      slack_env: A\n      webhook_env: B", "notify.rules.[0]",
            "exactly one of"
        ),
        (
            "notify:\n  rules:\n    - name: a\n      slack_env: A\n      secret_env: S", "notify.rules.[0]",
            "secret_env only applies"
        ),
        (
            "notify:\n  slack: {}\n  rules:\n    - name: slack\n      slack_env: A", "notify.rules.[0]",
            "duplicate rule name"
        ),
        (
            "notify:\n  rules:\n    - name: a\n      slack_env: A\n      min_change_pct: -1",
            "notify.rules.[0].min_change_pct", "out of range"
        ),
    ])
    func badSectionsNameTheKeyAndTheFix(yaml: String, key: String, problem: String) {
        #expect {
            try Self.configuration(yaml)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == key && error.problem.contains(problem) && error.line != nil
                && !error.description.contains("hooks.slack.com")
        }
    }

    @Test func routesFilterByTagKindAndThreshold() {
        let route = NotifyRoute(
            name: "r", destination: .slack(urlVariable: "X"), tags: ["video"], kinds: [.priceChanged, .fetchFailed],
            minChangePercent: 5)
        func price(_ target: String, _ percent: String?) -> Change {
            Change(
                target: target, kind: .priceChanged, plan: "Pro", field: "monthly",
                deltaPercent: percent.flatMap(Amount.init))
        }
        let report = Samples.report([
            .init(
                id: "shop/video", url: nil, status: .changed,
                changes: [
                    price("shop/video", "11.4"), price("shop/video", "-6"), price("shop/video", "4.9"),
                    price("shop/video", nil),
                    Change(target: "shop/video", kind: .planAdded, plan: "Team"),
                ]),
            .init(id: "shop/image", url: nil, status: .changed, changes: [price("shop/image", "50")]),
            .init(id: "shop/quiet", url: nil, status: .changed, changes: [price("shop/quiet", "1")]),
        ])
        let filtered = route.filter(
            report, tags: ["shop/video": ["video"], "shop/image": ["image"], "shop/quiet": ["video"]])
        #expect(filtered.targets.map(\.id) == ["shop/video"], "untagged targets and targets left empty are dropped")
        #expect(filtered.targets.first?.changes.map(\.deltaPercent) == [Amount("11.4"), Amount("-6"), nil])
    }

    @Test(arguments: [
        ("shop/*", "shop/video", true), ("shop/*", "other/video", false), ("*/video", "shop/video", true),
        ("shop/video", "shop/video", true), ("shop/vid", "shop/video", false), ("s*p/*o", "shop/video", true),
        ("*", "anything/at/all", true), ("a*a", "a", false),
    ])
    func targetGlobs(pattern: String, id: String, matches: Bool) {
        let route = NotifyRoute(name: "r", destination: .slack(urlVariable: "X"), targets: [pattern])
        #expect(route.covers(id, tags: []) == matches)
    }
}
