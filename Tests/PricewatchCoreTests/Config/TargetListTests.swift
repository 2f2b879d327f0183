import Foundation
import Testing

@testable import PricewatchCore

/// The compact target list gives back exactly the targets put in, in order, whichever way each is kept.
@Suite struct TargetListTests {
    /// Plain targets (id, site, URL) beside targets with every other key, over several sites.
    static let mixed: [Target] = {
        var tagged = Target(id: "shop/tagged", site: "shop", url: "https://shop.test/t", tags: ["team-a"])
        tagged.headers = [HeaderSetting(name: "X-Api-Key", source: .environment("SHOP_KEY"))]
        var rendered = Target(id: "shop/rendered", site: "shop", url: "https://shop.test/r")
        rendered.render = RenderSettings(mode: .browser, timeout: 12)
        return [
            Target(id: "shop/a", site: "shop", url: "https://shop.test/a"),
            tagged,
            Target(id: "acme/pricing", site: "auto", url: "https://acme.test/pr%C3%A9cios?x=1"),
            Target(
                id: "shop/threshold", site: "shop", url: "https://shop.test/m",
                minChangePercent: Decimal(string: "2.5"),
                ignoredFields: ["free_tier"]),
            Target(id: "shop/a-much-longer-id-than-fits-inline", site: "other", url: "http://127.0.0.1:8080/"),
            rendered,
            Target(id: "x", site: "shop", url: "https://x.test"),
        ]
    }()

    @Test func givesBackEveryTargetInOrder() {
        let list = TargetList(Self.mixed)
        #expect(list.count == Self.mixed.count)
        #expect(Array(list) == Self.mixed)
        #expect(list.map(\.id) == Self.mixed.map(\.id))
        #expect(list[3].minChangePercent == Decimal(string: "2.5"))
        #expect(list[5].render.mode == .browser)
    }

    @Test func comparesByTargets() {
        #expect(TargetList(Self.mixed) == TargetList(Self.mixed))
        #expect(TargetList(Self.mixed) != TargetList(Self.mixed.reversed()))
        #expect(TargetList(Self.mixed.dropLast()) != TargetList(Self.mixed))
        let literal: TargetList = [Self.mixed[0], Self.mixed[1]]
        #expect(Array(literal) == Array(Self.mixed.prefix(2)))
        #expect(TargetList().isEmpty)
    }

    @Test func configurationTargetsKeepEveryKey() throws {
        let yaml = """
            sites:
              shop: {}
            targets:
              - id: shop/a
                site: shop
                url: https://shop.test/a
              - id: shop/b
                site: shop
                url: https://shop.test/b
                tags: [team-a, urgent]
                min_change_pct: 5
                ignore: [free_tier]
              - {id: shop/c, site: shop, url: "https://shop.test/c", render: browser, wait_for: {css: ".price"}}
            """
        let targets = try Configuration.parse(yaml: yaml).targets
        #expect(targets.map(\.id) == ["shop/a", "shop/b", "shop/c"])
        #expect(targets[0] == Target(id: "shop/a", site: "shop", url: "https://shop.test/a"))
        #expect(targets[1].tags == ["team-a", "urgent"] && targets[1].minChangePercent == 5)
        #expect(targets[1].ignoredFields == ["free_tier"])
        #expect(targets[2].render.mode == .browser && targets[2].render.waitFor != nil)
    }
}

/// Duplicate ids (equal but for case) are found with their first target, whether or not ids share a hash.
@Suite struct TargetIDsSeenTests {
    @Test(arguments: [false, true])
    func findsTheFirstTargetOfADuplicateId(everyHashCollides: Bool) {
        var seen = everyHashCollides ? TargetIDsSeen(hash: { _ in 7 }) : TargetIDsSeen()
        var targets = TargetList()
        for (id, line) in [("shop/a", 3), ("shop/b", 6), ("Shop/C", nil as Int?)] {
            #expect(seen.earlier(than: id, line: line, in: targets) == nil)
            targets.append(Target(id: id, site: "shop", url: "https://shop.test/\(id)"))
        }
        #expect(
            seen.earlier(than: "shop/a", line: 20, in: targets).map { [$0.id, "\($0.line ?? 0)"] } == ["shop/a", "3"])
        #expect(
            seen.earlier(than: "SHOP/B", line: 21, in: targets).map { [$0.id, "\($0.line ?? 0)"] } == ["shop/b", "6"])
        #expect(
            seen.earlier(than: "shop/c", line: 22, in: targets).map { [$0.id, "\($0.line ?? -1)"] } == ["Shop/C", "-1"])
        #expect(seen.earlier(than: "shop/d", line: 23, in: targets) == nil)
    }
}
