import Foundation
import PricewatchCore
import PricewatchHTML
import PricewatchReport
import PricewatchTestSupport
import Testing

/// What the report says, read back from its HTML with libxml2.
@Suite struct ReportContentTests {
    @Test func overviewHasOneRowPerTargetWithBrokenTargetsFirst() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.writeShowcase()
            let report = try ParsedReport(sample.store)
            let rows = try report.nodes("//table[@class='overview']/tbody/tr")
            #expect(rows.map { $0.attribute("data-target") ?? "" }.sorted() == (try sample.store.targets()))
            // Failing targets first, then changed, then unchanged.
            #expect(
                rows.map { $0.attribute("data-target") ?? "" } == [
                    "kite/crm", "nimbus/storage", "acme/cloud", "pixel/image-api", "orbit/analytics",
                ])
            let statuses = try rows.map { try $0.select("./td[1]")[0].text }
            #expect(statuses[0] == "extraction failing since Nov 12, 2026")
            #expect(statuses[1] == "fetch failing since Sep 8, 2026")
            #expect(statuses[2] == "changed")
            #expect(statuses[4] == "ok")
            let acme = try rows[2].select("./td").map(\.text)
            #expect(acme[1] == "Acme Cloud acme/cloud")
            #expect(acme[2] == "4")
            #expect(acme[3] == "$19/mo")
            #expect(acme[4] == "$490/yr")
            #expect(acme[5] == "Oct 6, 2026 Pro monthly: $59/mo → $54/mo (-8.5%)")
            #expect(acme[6] == "Oct 6, 2026")
            // Every target has its section, linked from its row.
            for row in rows {
                let anchor = try #require(try row.select(".//a")[0].attribute("href"))
                let section = try report.nodes("//section[@id='\(anchor.dropFirst())']")
                #expect(section.first?.attribute("data-target") == row.attribute("data-target"))
            }
        }
    }

    @Test func chartMarkersMatchTheStoredHistory() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.writeShowcase()
            let report = try ParsedReport(sample.store)
            var checked = 0
            for id in try sample.store.targets() {
                let history = try sample.store.history(for: id)
                let section = try report.nodes("//section[@class='target']").filter {
                    $0.attribute("data-target") == id
                }
                #expect(section.count == 1)
                let charts = try section[0].select(".//figure[@class='chart']")
                for chart in charts {
                    let plan = try #require(chart.attribute("data-plan"))
                    let field = try #require(chart.attribute("data-field"))
                    let expected = ExpectedMarker.fromHistory(history, plan: plan, field: field)
                    #expect(try report.markers(plan: plan, field: field) == expected, "\(id) \(plan) \(field)")
                    checked += expected.count
                }
            }
            // The showcase has price moves, a plan going to "Contact sales" and back, plans added and removed.
            #expect(checked == 9)
            let team = try report.markers(plan: "Team", field: "monthly")
            #expect(
                team == [
                    ExpectedMarker(date: "2026-05-11T12:00:00Z", old: "99", new: "Contact sales"),
                    ExpectedMarker(date: "2026-08-17T12:00:00Z", old: "Contact sales", new: "129"),
                ])
        }
    }

    @Test func contactSalesIsAGapNotZero() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.writeShowcase()
            let report = try ParsedReport(sample.store)
            let chart = try report.nodes("//figure[@data-plan='Team']")[0]
            let gaps = try chart.select(".//rect[@class='gap']")
            #expect(gaps.count == 1)
            #expect(gaps[0].text.hasPrefix("Contact sales: May 11, 2026 – Aug 17, 2026"))
            // The line breaks at the gap: two runs, and no point on the zero tick.
            let path = try #require(try chart.select(".//path[@class='line']").first?.attribute("d"))
            #expect(path.filter { $0 == "M" }.count == 2)
            #expect(try chart.select(".//g[@class='grid']/text").map(\.text).contains("$0") == false)
        }
    }

    @Test func aHeldPriceIsOneSegmentHoweverManyVersions() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.writeShowcase()
            let report = try ParsedReport(sample.store)
            func line(_ plan: String) throws -> String {
                let chart = try report.nodes(
                    "//section[@data-target='acme/cloud']//figure[@data-plan='\(plan)'][@data-field='monthly']")[0]
                return try #require(try chart.select(".//path[@class='line']").first?.attribute("d"))
            }
            // Starter holds $19 over six versions: one horizontal run, no step.
            let starter = try line("Starter")
            #expect(starter.filter { $0 == "H" }.count == 1)
            #expect(starter.contains("V") == false)
            // Pro goes 49 → 59 (three versions) → 54 (two versions): three runs joined by two steps.
            let pro = try line("Pro")
            #expect(pro.filter { $0 == "H" }.count == 3)
            #expect(pro.filter { $0 == "V" }.count == 2)
        }
    }

    @Test func sinceLimitsChartsAndChangeLog() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.writeShowcase()
            let report = try ParsedReport(
                sample.store, options: .init(since: "2026-08-01", locale: Locale(identifier: "en_US")))
            let history = try sample.store.history(for: "acme/cloud")
            let pro = try report.markers(plan: "Pro", field: "monthly")
            #expect(
                pro == ExpectedMarker.fromHistory(history, plan: "Pro", field: "monthly", since: "2026-08-01T00:00:00Z")
            )
            #expect(pro.map(\.date) == ["2026-10-06T12:00:00Z"])
            let logDates = try report.nodes("//section[@data-target='acme/cloud']//table[@class='changes']//time")
                .compactMap { $0.attribute("datetime") }
            #expect(logDates == ["2026-10-06T12:00:00Z", "2026-08-17T12:00:00Z"])
            // Orbit did not change after August: "ok".
            let orbit = try report.nodes("//tr[@data-target='orbit/analytics']/td[1]").map(\.text)
            #expect(orbit == ["ok"])
        }
    }

    @Test func changeLogIsNewestFirstWithOldNewAndPercent() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.writeShowcase()
            let report = try ParsedReport(sample.store)
            let rows = try report.nodes("//section[@data-target='acme/cloud']//table[@class='changes']/tbody/tr")
                .map { try $0.select("./td").map(\.text) }
            #expect(rows.first == ["Oct 6, 2026", "Pro", "monthly", "$59/mo", "$54/mo", "-8.5%"])
            #expect(rows.last == ["Mar 2, 2026", "Pro", "monthly", "$49/mo", "$59/mo", "+20.4%"])
            #expect(rows.contains(["May 11, 2026", "Enterprise", "plan added", "–", "Contact sales", ""]))
            let features = try report.texts("//section[@data-target='acme/cloud']//ul[@class='features']/li")
            #expect(
                features == [
                    "Aug 17, 2026 added Pro: Unlimited projects", "Aug 17, 2026 removed Pro: 10 projects",
                ])
        }
    }

    @Test(arguments: [
        ("en_US", "$1,299.50/mo", "Jan 5, 2026"), ("de_DE", "1.299,50 $/mo", "5. Jan. 2026"),
        ("fr_FR", "1 299,50 $US/mo", "5 janv. 2026"),
    ])
    func numbersAndDatesFollowTheLocale(locale: String, price: String, date: String) async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.save(
                record("big/one", vendor: "Big", plans: [Plan(name: "Max", prices: ["monthly": amount("1299.5")])]),
                on: "2026-01-05")
            let report = try ParsedReport(sample.store, options: .init(locale: Locale(identifier: locale)))
            let cells = try report.nodes("//tr[@data-target='big/one']/td").map(\.text)
            // ICU separates thousands with a narrow no-break space in French; compare with plain spaces.
            #expect(
                cells[3].replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{A0}", with: " ")
                    == price)
            let shownDate = try report.texts("//section[@data-target='big/one']//p[@class='meta']/time").first
            #expect(shownDate == date)
        }
    }

    @Test func aTargetWhoseHistoryCannotBeReadIsListedFirstAndTheRestAreReported() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.writeShowcase()
            let broken = folder.appendingPathComponent("orbit/analytics/history/000001.json")
            try Data("{ not json".utf8).write(to: broken)
            let report = try ParsedReport(sample.store)
            let rows = try report.nodes("//table[@class='overview']/tbody/tr")
            #expect(rows.count == 5)
            #expect(rows.first?.attribute("data-target") == "orbit/analytics")
            let badge = try #require(try rows[0].select(".//span[@class='badge fail']").first)
            #expect(badge.text == "snapshots unreadable")
            #expect(badge.attribute("title")?.contains("000001.json") == true)
            #expect(try report.markers(plan: "Pro", field: "monthly").count == 2)
        }
    }

    @Test func unknownTargetAndBadSinceAreErrorsThatSayWhatToDo() async throws {
        try await withTemporaryFolder { folder in
            let sample = SampleHistory(folder: folder)
            try sample.writeShowcase()
            #expect(throws: HTMLReportError.self) { try HTMLReport(options: .init(since: "last week")) }
            let error = #expect(throws: HTMLReportError.self) {
                try HTMLReport(options: .init(targetIDs: ["acme/nope"])).render(from: sample.store)
            }
            #expect(error?.message.contains("run 'pricewatch check' first") == true)
        }
    }
}
