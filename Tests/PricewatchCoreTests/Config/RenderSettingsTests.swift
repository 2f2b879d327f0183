import Foundation
import Testing

@testable import PricewatchCore

/// `render`, `wait_for`, `wait`, `render_timeout` on sites and targets, and `defaults.render`.
@Suite struct RenderSettingsTests {
    static func parse(site: String = "", target: String = "", defaults: String = "") throws -> Configuration {
        try Configuration.parse(
            yaml: """
                \(defaults)
                sites:
                  shop:
                    vendor:
                      css: "h1"
                \(site)
                targets:
                  - {id: shop/a, site: shop, url: "http://127.0.0.1/a"\(target)}
                  - {id: shop/b, site: shop, url: "http://127.0.0.1/b"}

                """)
    }

    @Test func httpIsTheDefault() throws {
        let config = try Self.parse()
        let settings = config.renderSettings(for: config.targets[0])
        #expect(!settings.rendersInBrowser)
        #expect(settings.resolvedWait == .networkIdle)
        #expect(settings.resolvedTimeout == 30)
        #expect(config.render == RenderDefaults())
        #expect(config.render.maxTabs == 4)
    }

    @Test func aSiteSettingAppliesToItsTargetsAndATargetKeyWins() throws {
        let config = try Self.parse(
            site: "    render: browser\n    wait_for: {css: \"#plans .plan\"}\n    render_timeout: 12",
            target: ", render_timeout: 5, wait: load, wait_for: {xpath: \"//div[@id='plans']\"}")
        let own = config.renderSettings(for: config.targets[0])
        #expect(own.rendersInBrowser)
        #expect(own.resolvedTimeout == 5)
        #expect(own.resolvedWait == .load)
        #expect(own.waitFor?.xpath == "//div[@id='plans']")
        let inherited = config.renderSettings(for: config.targets[1])
        #expect(inherited.rendersInBrowser)
        #expect(inherited.resolvedTimeout == 12)
        #expect(inherited.waitFor?.language == .css)
        #expect(inherited.waitFor?.source == "#plans .plan")
    }

    @Test func aPlainWaitForIsCSS() throws {
        let config = try Self.parse(target: ", render: browser, wait_for: \".plan\"")
        #expect(config.renderSettings(for: config.targets[0]).waitFor?.language == .css)
    }

    @Test func defaultsRenderIsRead() throws {
        let config = try Self.parse(
            defaults: "defaults:\n  render:\n    max_tabs: 2\n    browser: /opt/chromium/chrome")
        #expect(config.render.maxTabs == 2)
        #expect(config.render.browser == "/opt/chromium/chrome")
    }

    @Test(arguments: [
        (", render: firefox", "targets.[0].render: unknown render mode 'firefox'; expected one of: http, browser"),
        (", wait: forever", "targets.[0].wait: unknown wait condition 'forever'; expected one of: load, network_idle"),
        (", render_timeout: 0", "targets.[0].render_timeout: 0.0 is out of range"),
        (", wait_for: {css: a, xpath: b}", "targets.[0].wait_for: write exactly one of css or xpath"),
        (", wait_for: {css: \"a[\"}", "targets.[0].wait_for: invalid css selector 'a['"),
    ])
    func badValuesNameTheKey(target: String, message: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try Self.parse(target: target) }
        #expect(error.map { "\($0)".contains(message) } == true, "\(error.map { "\($0)" } ?? "")")
    }

    @Test func badDefaultsNameTheKey() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try Self.parse(defaults: "defaults:\n  render:\n    max_tab: 2")
        }
        #expect(error.map { "\($0)".contains("unknown key 'max_tab'; expected one of: max_tabs, browser") } == true)
    }
}
