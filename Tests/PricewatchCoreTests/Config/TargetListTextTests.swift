import Foundation
import Testing

@testable import PricewatchCore

/// The `targets:` list read item by item gives what reading the whole document as one tree gives: the same
/// targets, and the same errors with the same lines and keys, in every layout; layouts it cannot cut are read
/// whole.
@Suite struct TargetListTextTests {
    static let sites = """
        defaults:
          fetch: {max_concurrent: 4}
        sites:
          shop:
            vendor: {xpath: "//h1"}
            plans:
              each: {xpath: "//tr"}
              name: {xpath: "td[1]"}
              prices:
                monthly: {xpath: "td[2]"}

        """

    /// The outcome of a parse, comparable: the targets, or each error's line, key and problem.
    static func outcome(_ yaml: String, oneByOne: Bool) -> String {
        do {
            let configuration = try Configuration.parse(yaml: yaml, file: "t.yml", targetsOneByOne: oneByOne)
            return "\(configuration.targets) \(configuration.fetch) \(configuration.notify.routes.count)"
        } catch {
            return error.all.map { "\($0.line ?? 0) \($0.key): \($0.problem)" }.joined(separator: "\n")
        }
    }

    static let layouts: [(name: String, yaml: String, cut: Bool)] = [
        (
            "list at column 0, a key after it",
            sites + """
                targets:
                - id: shop/a
                  site: shop
                  url: https://shop.test/a?x=1&y=2
                - {id: shop/b, site: shop, url: "https://shop.test/b", tags: [x, y]}
                notify:
                  slack: {webhook_env: HOOK}
                """, true
        ),
        (
            "indented list, comments and blank lines anywhere, a block scalar",
            sites + """
                targets: # watched pages
                  # first
                  - id: shop/a

                    site: shop
                # a comment at column 0 inside an item
                    url: https://shop.test/a
                    tags:
                      - one
                      - two

                  - id: shop/b
                    site: shop
                    url: >-
                      https://shop.test/b
                  # trailing comment

                """, true
        ),
        (
            "errors in items report the file's lines",
            sites + """
                targets:
                  - {id: shop/a, site: shop, url: "https://shop.test/a"}
                  - id: shop/b
                    site: nowhere
                    url: https://shop.test/b
                  - id: shop/c
                    site: shop
                    url: https://shop.test/c
                    typo: 1
                  - {id: shop/a, site: shop, url: "https://shop.test/a2"}
                defaults2: {}
                """, true
        ),
        (
            "an anchor in one item used by another",
            sites + """
                targets:
                  - {id: shop/a, site: &s shop, url: "https://shop.test/a"}
                  - {id: shop/b, site: *s, url: "https://shop.test/b"}
                """, true
        ),
        (
            "a YAML error inside an item",
            sites + """
                targets:
                  - id: shop/a
                    site: shop
                    url: "https://shop.test/a
                  - id: shop/b
                """, true
        ),
        ("a flow list", sites + "targets: [{id: shop/a, site: shop, url: \"https://shop.test/a\"}]\n", false),
        ("no targets", sites + "targets:\nnotify: {}\n", false),
        (
            "two targets keys",
            sites
                + "targets:\n  - {id: shop/a, site: shop, url: \"https://shop.test/a\"}\ntargets:\n  - {id: shop/b}\n",
            false
        ),
        (
            "a document marker after the list",
            sites + "targets:\n- {id: shop/a, site: shop, url: \"https://shop.test/a\"}\n---\nother: 1\n", true
        ),
        (
            "an item less indented than the first",
            sites + "targets:\n  - {id: shop/a, site: shop, url: \"https://shop.test/a\"}\n- {id: shop/b}\n", true
        ),
        (
            "CRLF line ends",
            (sites + "targets:\n  - id: shop/a\n    site: shop\n    url: https://shop.test/a\n")
                .replacingOccurrences(of: "\n", with: "\r\n"), true
        ),
        (
            "a lone carriage return after the key (a line break of its own to YAML)",
            sites + "targets:\r\u{0}\n  - id: shop/a\r\n    site: shop\r\n    url: https://shop.test/a\r\n", false
        ),
    ]

    @Test(arguments: layouts.indices)
    func readingItemByItemMatchesReadingTheWholeTree(layout: Int) {
        let (name, yaml, cut) = Self.layouts[layout]
        #expect((TargetListText(yaml) != nil) == cut, "\(name)")
        let whole = Self.outcome(yaml, oneByOne: false)
        #expect(Self.outcome(yaml, oneByOne: true) == whole, "\(name)")
    }

    @Test func theCutKeepsEveryOtherLineWhereItWas() throws {
        let yaml = "a: 1\ntargets:\n  - x: 1\n\n  - x: 2\n    y: 3\n# gap\nb: 2\n"
        let list = try #require(TargetListText(yaml))
        #expect(list.keyLine == 2)
        #expect(list.items.map(\.line) == [3, 5])
        #expect(list.items.map { String($0.text) } == ["  - x: 1\n\n", "  - x: 2\n    y: 3\n"])
        #expect(list.rest == "a: 1\ntargets: []\n\n\n\n\n# gap\nb: 2\n")
    }
}
