import Foundation
import PricewatchCore

/// Records and prices for the differ and snapshot tests, built by hand so each test states its input.
enum RecordSamples {
    /// An exact decimal from text; NaN (which fails every comparison) if the text is not a number.
    static func decimal(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
    }

    /// A parsed amount price such as `$35/mo`.
    static func price(
        _ amount: String, raw: String, currency: String = "USD", period: String? = nil, unit: String? = nil
    ) -> Price {
        Price(raw: raw, kind: .amount, amount: Amount(decimal(amount)), currency: currency, period: period, unit: unit)
    }

    static let custom = Price(raw: "Custom", kind: .custom)
    static let contactSales = Price(raw: "Contact Sales", kind: .contactSales)

    /// A record with the fields the differ looks at, defaults filled in.
    static func record(
        target: String = "costbench/example", fetchedAt: String = "2026-06-01T06:00:00Z",
        vendor: String? = "Example", lastVerified: String? = "2026-05-30", freeTier: String? = nil,
        priceRange: PriceRange? = nil, plans: [Plan], alternatives: [Alternative] = [],
        extras: [String: ExtraValue] = [:]
    ) -> Record {
        Record(
            target: target, site: "costbench", url: "http://127.0.0.1/\(target)", fetchedAt: fetchedAt,
            vendor: vendor, lastVerified: lastVerified, freeTier: freeTier, priceRange: priceRange, plans: plans,
            alternatives: alternatives, extras: extras)
    }

    // MARK: The Luma Dream Machine API page, as the fixtures' v1 and v2 state it

    static let lumaTarget = "costbench/luma-dream-machine-api"
    static let ray2Flash = "Ray2 Flash (Low-Cost Video)"
    static let ray314 = "Ray3.14 (Pi) Standard Definition"
    static let ray3HDR = "Ray3 HDR / High-Resolution"
    static let enterprise = "Enterprise / Provisioned Throughput"

    static let lumaAlternatives = [
        Alternative(
            name: "Black Forest Labs (Flux)", startingPrice: price("0.001", raw: "$0.001/per image", unit: "image"),
            topPrice: price("0.1", raw: "$0.1/per image", unit: "image")),
        Alternative(
            name: "Kling API", startingPrice: price("0.084", raw: "$0.084/per second of video", unit: "second"),
            topPrice: price("0.42", raw: "$0.42/per second of video", unit: "second")),
        Alternative(
            name: "Stability AI API", startingPrice: price("0.025", raw: "$0.025/per image", unit: "image"),
            topPrice: price("0.08", raw: "$0.08/per image", unit: "image")),
        Alternative(
            name: "Fal.ai", startingPrice: price("0.02", raw: "$0.02/month", period: "month"),
            topPrice: price("2.1", raw: "$2.1/month", period: "month")),
    ]

    /// `luma-dream-machine-api.html`: verified 2026-05-30, every plan Custom or Contact Sales.
    static let lumaV1 = record(
        target: lumaTarget, fetchedAt: "2026-06-01T06:00:00Z", vendor: "Luma Dream Machine API",
        lastVerified: "2026-05-30", freeTier: "There is no permanent free tier for the Dream Machine API.",
        priceRange: PriceRange(low: price("4", raw: "$4"), high: price("500", raw: "$500/usage", unit: "usage")),
        plans: [
            Plan(
                name: ray2Flash, prices: ["monthly": custom, "annual": custom],
                features: [
                    "~11 credits per second of video at 720p", "Fastest Ray model, lowest per-second cost",
                    "Text-to-video and image-to-video", "Billed per pixel generated",
                    "Credits purchased as prepaid top-ups (approx. $4–$200+; exact pack prices unconfirmed for API wallet)",
                    "Separate credit wallet from consumer Dream Machine app",
                ]),
            Plan(
                name: ray314, prices: ["monthly": custom, "annual": custom],
                features: [
                    "~100 credits per 5-second clip at 720p SDR", "~400 credits per 5-second clip at 1080p SDR",
                    "Luma's highest-quality publicly available video model",
                    "Text-to-video, image-to-video, video extension", "Camera controls and keyframe generation",
                    "4K upscaling available at additional credit cost",
                ]),
            Plan(
                name: ray3HDR, prices: ["monthly": custom, "annual": custom],
                features: [
                    "Higher credit cost than Ray3.14 SDR tiers", "HDR and high-resolution output options",
                    "Text-to-video, image-to-video, reframe, upscale", "All Photon image generation modes included",
                    "Billed per pixel; exact credits per second vary by resolution",
                ]),
            Plan(
                name: enterprise, prices: ["monthly": contactSales, "annual": contactSales],
                features: [
                    "Dedicated throughput commitments", "Volume discounts on credit purchases",
                    "SLA and priority support", "Custom billing arrangements", "Team and sub-account management",
                    "All models and resolutions",
                ]),
        ],
        alternatives: lumaAlternatives)

    static let ray2FlashNewMonthly = price("0.08", raw: "$0.08/per second", unit: "second")
    static let draftMode = "Draft mode at 1/5 the credit cost"
    static let teamManagement = "Team and sub-account management"

    /// `luma-dream-machine-api.v2.html`: re-verified 2026-06-14, one price, one feature in, one feature out.
    static var lumaV2: Record {
        var record = lumaV1
        record.fetchedAt = "2026-06-15T06:00:00Z"
        record.lastVerified = "2026-06-14"
        record.plans[0].prices["monthly"] = ray2FlashNewMonthly
        record.plans[1].features.append(draftMode)
        record.plans[3].features.removeAll { $0 == teamManagement }
        return record
    }
}
