import Testing

@testable import PricewatchCore

@Suite struct StoreSettingsTests {
    @Test func storeNamesTheVariableHoldingTheDatabaseURL() throws {
        let config = try Configuration.parse(yaml: "store: {url_env: PRICEWATCH_DATABASE_URL}\n")
        #expect(config.store == StoreSettings(urlVariable: "PRICEWATCH_DATABASE_URL"))
        #expect(try Configuration.parse(yaml: "targets: []\n").store == nil)
    }

    @Test(arguments: [
        ("store: {url: postgres://u:secret@db/p}\n", "url"),
        ("store: {}\n", "url_env"),
        ("store: {url_env: 'not a name'}\n", "url_env"),
        ("store: postgres://db/p\n", "store"),
    ])
    func mistakesAreReportedWithLineAndKey(yaml: String, key: String) {
        let problems = ConfigurationValidationTests.problems(yaml)
        #expect(problems.count == 1)
        #expect(problems.first?.line == 1)
        #expect(problems.first.map { "\($0)" }?.contains(key) == true, "\(problems)")
        #expect(problems.first.map { "\($0)" }?.contains("secret") != true)
    }
}
