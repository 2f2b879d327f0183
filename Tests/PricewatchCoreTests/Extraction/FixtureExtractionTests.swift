import Foundation
import Testing

@testable import PricewatchCore

/// Every shared fixture extracts completely and exactly with the repository's selectors.yml.
@Suite struct FixtureExtractionTests {
    static let config: Configuration = {
        do { return try Configuration.load(path: TestPaths.repository + "/selectors.yml") } catch {
            fatalError("selectors.yml does not load: \(error)")
        }
    }()

    static func extract(_ fixture: String, site: String, target: String) throws -> Record {
        let extractor = Extractor(site: try config.site(named: site))
        return try extractor.extract(
            page: try TestPaths.fixture(fixture), target: target, url: nil, fetchedAt: "2026-11-24T15:00:00Z")
    }

    static func price(_ plan: Plan, _ field: String) -> String? {
        plan.prices[field].map { price in
            [price.kind.rawValue, price.amount?.description, price.currency, price.period, price.unit]
                .map { $0 ?? "-" }.joined(separator: " ")
        }
    }

    @Test func klingAPI() throws {
        let record = try Self.extract("costbench/kling-api.html", site: "costbench", target: "costbench/kling-api")
        #expect(record.vendor == "Kling API")
        #expect(record.lastVerified == "2026-05-28")
        #expect(record.freeTier == "66 daily credits on the web app; none on the API")
        #expect(record.priceRange?.low.amount == Amount("0.084"))
        #expect(record.priceRange?.high.amount == Amount("0.42"))
        #expect(
            record.plans.map(\.name) == [
                "Standard Video (720p)", "Professional Video (1080p)", "Master (Kling 2.1)",
                "Enterprise Resource Package",
            ])
        let standard = record.plans[0]
        #expect(Self.price(standard, "monthly") == "amount 0.084 USD - second")
        #expect(Self.price(standard, "annual") == "custom - - - -")
        #expect(standard.bestFor == "Prototyping and short clips")
        #expect(
            standard.features == ["5s and 10s clips", "Text-to-video and image-to-video", "Standard queue priority"])
        #expect(Self.price(record.plans[2], "monthly") == "amount 0.42 USD - second")
        #expect(Self.price(record.plans[3], "monthly") == "contact_sales - - - -")
        #expect(record.plans[3].bestFor == nil)
        #expect(record.plans.map(\.features.count) == [3, 4, 3, 3])
        #expect(record.alternatives.map(\.name) == ["Luma Dream Machine API", "Runway API", "Fal.ai"])
        #expect(record.alternatives[1].startingPrice?.unit == "credit")
        #expect(record.alternatives[1].topPrice?.period == "month")
        #expect(record.alternatives[0].startingPrice?.unit == "usage")
    }

    @Test func falAI() throws {
        let record = try Self.extract("costbench/fal-ai.html", site: "costbench", target: "costbench/fal-ai")
        #expect(record.vendor == "Fal.ai")
        #expect(record.lastVerified == "2026-04-17")
        #expect(record.freeTier == "Free credits for new accounts")
        #expect(record.plans.map(\.name) == ["Pay as you go", "Startup", "Scale", "Enterprise"])
        #expect(Self.price(record.plans[0], "monthly") == "amount 0 USD - -")
        #expect(Self.price(record.plans[1], "monthly") == "amount 49 USD month -")
        #expect(Self.price(record.plans[1], "annual") == "amount 470 USD year -")
        #expect(Self.price(record.plans[2], "monthly") == "amount 1299 USD month -")
        #expect(Self.price(record.plans[2], "annual") == "amount 12470 USD year -")
        #expect(Self.price(record.plans[3], "annual") == "custom - - - -")
        #expect(record.plans[2].features == ["Reserved GPU capacity", "99.9% uptime SLA", "Dedicated Slack channel"])
        #expect(record.alternatives.map(\.name) == ["Replicate", "WaveSpeedAI"])
        #expect(record.alternatives[1].startingPrice?.unit == "image / second")
        #expect(record.alternatives[0].topPrice?.amount == Amount("0.0014"))
    }

    @Test func lumaDreamMachineAPIVersions() throws {
        let v1 = try Self.extract("costbench/luma-dream-machine-api.html", site: "costbench", target: "costbench/luma")
        let v2 = try Self.extract(
            "costbench/luma-dream-machine-api.v2.html", site: "costbench", target: "costbench/luma")
        #expect(v1.vendor == "Luma Dream Machine API")
        #expect(v1.lastVerified == "2026-05-30")
        #expect(v2.lastVerified == "2026-06-14")
        #expect(v1.freeTier == "No free tier available")
        #expect(v1.priceRange?.low.amount == Amount("4"))
        #expect(v1.priceRange?.low.unit == "usage")
        #expect(v1.priceRange?.high.amount == Amount("500"))
        let names = [
            "Ray2 Flash (Low-Cost Video)", "Ray3.14 (Pi) Standard Definition", "Ray3 HDR / High-Resolution",
            "Enterprise / Provisioned Throughput",
        ]
        #expect(v1.plans.map(\.name) == names)
        #expect(v2.plans.map(\.name) == names)
        #expect(
            v1.plans.map { Self.price($0, "monthly") } == [
                "custom - - - -", "custom - - - -", "custom - - - -", "contact_sales - - - -",
            ])
        #expect(Self.price(v2.plans[0], "monthly") == "amount 0.08 USD - second")
        #expect(v1.plans.map(\.features.count) == [6, 6, 5, 6])
        #expect(v2.plans.map(\.features.count) == [6, 7, 5, 5])
        #expect(
            v1.plans[0].features[4]
                == "Credits purchased as prepaid top-ups (approx. $4–$200+; exact pack prices unconfirmed for API wallet)"
        )
        #expect(v1.plans[1].features[2] == "Luma's highest-quality publicly available video model")
        #expect(v2.plans[1].features.contains("Draft mode at 1/5 the credit cost"))
        #expect(!v2.plans[3].features.contains("Team and sub-account management"))
        #expect(
            v1.alternatives.map(\.name) == [
                "Black Forest Labs (Flux)", "Kling API", "Stability AI API", "WaveSpeedAI", "Fal.ai",
            ])
        // Everything else is noise: the records differ only in the four known places.
        var normalised = v2
        normalised.lastVerified = v1.lastVerified
        normalised.plans[0].prices["monthly"] = v1.plans[0].prices["monthly"]
        normalised.plans[1].features = v1.plans[1].features
        normalised.plans[3].features = v1.plans[3].features
        #expect(normalised == v1)
    }

    @Test func lumalabsPlanCards() throws {
        let record = try Self.extract(
            "lumalabs/dream-machine-pricing.html", site: "lumalabs", target: "lumalabs/dream-machine")
        #expect(record.vendor == "Luma AI")
        #expect(record.lastVerified == nil)
        #expect(
            record.plans.map(\.name) == [
                "Web Free Plan", "Web Lite Plan", "Web Plus Plan", "Web Unlimited Plan", "Web Enterprise Plan",
            ])
        let free = record.plans[0]
        #expect(free.prices.isEmpty)
        #expect(
            free.features == [
                "Usage limited to images only", "720p generations", "Lower priority processing",
                "Non-commercial use only",
                "Watermarks",
            ])
        let lite = record.plans[1]
        #expect(Self.price(lite, "monthly") == "amount 9.99 USD - -")
        #expect(Self.price(lite, "annual") == "amount 6.99 USD - -")
        #expect(Self.price(lite, "annual_total") == "amount 83.92 USD - -")
        #expect(lite.features.first == "3200 Monthly Credits")
        #expect(lite.features.count == 5)
        #expect(lite.features.contains("1080p images, 720p & 1080p videos"))
        #expect(Self.price(record.plans[2], "monthly") == "amount 29.99 USD - -")
        #expect(Self.price(record.plans[3], "annual_total") == "amount 797.92 USD - -")
        #expect(record.plans[3].features.count == 6)
        let enterprise = record.plans[4]
        #expect(Self.price(enterprise, "monthly") == "contact_sales - - - -")
        #expect(enterprise.prices["annual_total"] == nil)
        #expect(enterprise.features.isEmpty)
    }
}
