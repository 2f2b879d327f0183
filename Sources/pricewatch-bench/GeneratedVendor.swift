import PricewatchTestSupport

/// The data behind one generated vendor page: name, plans with prices and features, alternatives; rendered
/// into the fixture's `<main>` markup by `mainHTML(priceRange:)`.
struct Vendor {
    /// How a vendor prices its plans. Amounts are kept in thousandths of a dollar so both fit one integer.
    enum PriceStyle {
        /// Whole dollars a month ("$1,299/mo"), with a fixed annual price ("$12,470/yr").
        case subscription
        /// Fractions of a dollar per unit ("$0.084/per second"); annual is "Custom".
        case usage(String)

        /// The smallest step of an amount, in thousandths of a dollar.
        var unit: Int {
            switch self {
            case .subscription: 1000
            case .usage: 1
            }
        }

        /// The amount as the page shows it.
        func format(_ milli: Int) -> String {
            switch self {
            case .subscription: "$" + Self.grouped(milli / 1000) + "/mo"
            case .usage(let unit): "$" + Self.decimal(milli) + "/" + unit
            }
        }

        private static func grouped(_ value: Int) -> String {
            let digits = String(value)
            var out = ""
            for (offset, digit) in digits.enumerated() {
                if offset > 0 && (digits.count - offset) % 3 == 0 { out += "," }
                out.append(digit)
            }
            return out
        }

        private static func decimal(_ milli: Int) -> String {
            var fraction = String(milli % 1000)
            fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return String(milli / 1000) + (fraction.isEmpty ? "" : "." + fraction)
        }
    }

    /// One row of the plans table and its feature card; `milli` 0 means "Contact Sales".
    struct Plan {
        let name: String
        var milli: Int
        let annual: String
        let bestFor: String
        let features: [String]
    }

    let index: Int
    let name: String
    let style: PriceStyle
    var plans: [Plan]
    private let freeTier: String
    private let verifiedDay: Int
    private let alternatives: [(name: String, starting: String, top: String)]

    /// A vendor with 3 to 5 priced plans in rising order plus an Enterprise plan.
    init(index: Int, random: inout SplitMix64) {
        self.index = index
        name = Self.name(index)
        let units = ["per second", "per image", "per 1K tokens", "per minute of audio", "per credit"]
        style = Bool.random(using: &random) ? .subscription : .usage(units.randomElement(using: &random) ?? "per unit")
        let tiers = ["Starter", "Basic", "Standard", "Pro", "Team", "Business", "Scale", "Growth", "Ultra"]
        let priced = Int.random(in: 3...5, using: &random)
        let names = Array(tiers.indices.shuffled(using: &random).prefix(priced)).sorted().map { tiers[$0] }
        var milli = style.unit * Int.random(in: 5...60, using: &random)
        var plans: [Plan] = []
        for planName in names {
            let annual: String
            switch style {
            case .subscription: annual = "$" + String(milli / 100) + "/yr"
            case .usage: annual = "Custom"
            }
            plans.append(
                Plan(
                    name: planName, milli: milli, annual: annual, bestFor: Self.pick(Self.audiences, &random),
                    features: Array(
                        Self.features.shuffled(using: &random).prefix(Int.random(in: 3...5, using: &random)))))
            milli = milli * Int.random(in: 2...4, using: &random) + 4 * style.unit
        }
        plans.append(
            Plan(
                name: "Enterprise", milli: 0, annual: "Contact Sales", bestFor: "—",
                features: Array(Self.features.shuffled(using: &random).prefix(3))))
        self.plans = plans
        freeTier = "\(Int.random(in: 10...500, using: &random)) free credits a month on the web app"
        verifiedDay = Int.random(in: 1...28, using: &random)
        alternatives = (1...3).map { offset in
            let low = Int.random(in: 1...90, using: &random)
            return (Self.name((index + offset * 37) % 1600), "$0.0\(low)/per second", "$\(low * 3)/month")
        }
    }

    /// A distinct vendor name for every index below 1,600 (and numbered beyond).
    static func name(_ index: Int) -> String {
        let heads = [
            "Zen", "Lumi", "Kor", "Vex", "Astra", "Nimbu", "Pixa", "Quill", "Ryo", "Sola",
            "Tera", "Umbra", "Vela", "Wisp", "Xeno", "Yara", "Zephy", "Brio", "Cora", "Dyna",
        ]
        let tails = [
            "vio", "ra", "lex", "mo", "nix", "tal", "gen", "forge", "wave", "loop",
            "byte", "cast", "mind", "frame", "lab", "ly", "sync", "flux", "core", "scope",
        ]
        let kinds = ["API", "Cloud", "Studio", "AI"]
        let base = heads[index % 20] + tails[(index / 20) % 20] + " " + kinds[(index / 400) % 4]
        return index < 1600 ? base : base + " \(index / 1600 + 1)"
    }

    /// The page's `<main>` content up to the trending list.
    func mainHTML(priceRange: String) -> String {
        let day = String(verifiedDay)
        let slug = "page-\(index)"
        var html = """
            <main id="main" class="mx-auto max-w-6xl px-4 pb-24">
            <nav aria-label="Breadcrumb" class="mt-6 text-sm text-slate-500"><ol class="flex gap-2">
            <li><a href="/">Home</a></li><li>/</li><li><a href="/software/">Software</a></li><li>/</li><li><a href="/software/ai-media-apis/">AI Media APIs</a></li><li>/</li><li aria-current="page">\(name)</li>
            </ol></nav>
            <section class="mt-6">
            <h1 class="text-3xl font-bold tracking-tight md:text-4xl">\(name) Pricing 2026</h1>
            <p class="mt-2 text-slate-600">Complete pricing guide with plans, and cost analysis</p>
            <p class="mt-4 text-lg">\(name) pricing ranges from <span class="font-semibold text-emerald-700" data-testid="price-range">\(priceRange)</span>.</p>
            <div class="mt-3 flex items-center gap-2 text-sm"><span>Are you \(name)?</span> <a class="text-emerald-700 underline" href="/claim/\(slug)/">Claim this profile</a></div>
            </section>
            <section class="mt-8 rounded-xl border border-emerald-200 bg-emerald-50/40 p-6" aria-labelledby="qa">
            <div class="flex flex-wrap items-center justify-between gap-2">
            <h2 id="qa" class="text-sm font-semibold uppercase tracking-wide text-emerald-800">Quick Answer</h2>
            <p class="text-xs text-slate-500">Last verified: <time datetime="2026-05-\(day.count == 1 ? "0" + day : day)">May \(day), 2026</time></p>
            </div>
            <p class="mt-4">\(name) costs \(priceRange) as of May 2026, with \(plans.count) plans available.</p>
            <ul class="mt-3 list-disc pl-5"><li><strong>Free tier:</strong> \(freeTier)</li></ul>
            <p class="mt-3">\(name) offers \(plans.count) pricing tiers: \(plans.map(\.name).joined(separator: ", ")).</p>
            </section>
            <section class="prose mt-10 max-w-none" id="overview">
            <h2>\(name) Pricing Overview</h2>
            <p class="text-sm text-slate-500">This pricing was last verified in May \(day), 2026.</p>
            </section>
            <section class="mt-12" id="plans">
            <h2 class="text-2xl font-semibold">All \(name) Plans &amp; Pricing</h2>
            <div class="mt-4 overflow-x-auto rounded-lg border border-slate-200">
            <table class="min-w-full divide-y divide-slate-200 text-left text-sm">
            <thead class="bg-slate-50"><tr><th scope="col" class="px-4 py-3">Plan</th><th scope="col" class="px-4 py-3">Monthly</th><th scope="col" class="px-4 py-3">Annual</th><th scope="col" class="px-4 py-3">Best For</th></tr></thead>
            <tbody class="divide-y divide-slate-100">

            """
        for plan in plans {
            let monthly = plan.milli > 0 ? style.format(plan.milli) : "Contact Sales"
            html += "<tr class=\"hover:bg-slate-50\"><td class=\"px-4 py-3 font-medium\">\(plan.name)</td>"
            html += "<td class=\"px-4 py-3\">\(monthly)</td><td class=\"px-4 py-3\">\(plan.annual)</td>"
            html += "<td class=\"px-4 py-3 text-slate-500\">\(plan.bestFor)</td></tr>\n"
            html +=
                "<tr class=\"bg-slate-50/60\"><td colspan=\"4\" class=\"px-4 py-2 text-xs text-slate-500\"><details>"
            html +=
                "<summary>What's included at \(plan.name)</summary><div data-lazy=\"features\"></div></details></td></tr>\n"
        }
        html += "</tbody></table></div>\n</section>\n<section class=\"mt-12\" id=\"features\">\n"
        html += "<div class=\"grid gap-6 md:grid-cols-2\">\n"
        for plan in plans {
            html += "<div class=\"rounded-lg border border-slate-200 p-5\">\n"
            html += "<h3 class=\"text-lg font-semibold\">\(plan.name)</h3>\n<ul class=\"mt-3 space-y-1 text-sm\">\n"
            for feature in plan.features {
                html +=
                    "<li class=\"flex gap-2\"><svg class=\"h-4 w-4\" aria-hidden=\"true\"><use href=\"#check\"/></svg>"
                html += "<span>\(feature)</span></li>\n"
            }
            html += "</ul></div>\n"
        }
        html += "</div></section>\n<section class=\"mt-12\" id=\"alternatives\">\n"
        html += "<h2 class=\"mt-10 text-xl font-semibold\">How \(name) Pricing Compares</h2>\n"
        html += "<table class=\"mt-4 min-w-full text-left text-sm\"><thead><tr><th>Software</th><th>Starting Price</th>"
        html += "<th>Top Price</th></tr></thead><tbody>\n"
        html += "<tr class=\"bg-emerald-50 font-medium\"><td>\(name)</td><td>\(priceRange)</td><td>—</td></tr>\n"
        for alternative in alternatives {
            let slug = alternative.name.lowercased().replacingOccurrences(of: " ", with: "-")
            html += "<tr><td><a href=\"/software/ai-media-apis/\(slug)/\">"
            html += "\(alternative.name)</a></td><td>\(alternative.starting)</td><td>\(alternative.top)</td></tr>\n"
        }
        html += "</tbody></table></section>\n"
        return html
    }

    private static func pick(_ list: [String], _ random: inout SplitMix64) -> String {
        list[Int(random.next() % UInt64(list.count))]
    }

    private static let audiences = [
        "Prototyping and short clips", "Small teams shipping to production", "High-volume inference",
        "Agencies and studios", "Individual developers", "Marketing teams", "Research labs",
    ]

    private static let features = [
        "5s and 10s clips", "1080p output", "Camera movement controls", "Priority queue", "Lip sync add-on",
        "Best motion quality", "Start and end frame control", "Dedicated support channel", "Volume unit pricing",
        "90-day unit validity", "Invoice billing", "Commercial use license", "API access", "Webhooks",
        "Team workspaces", "SSO and SCIM", "Audit logs", "Custom model fine-tuning", "Batch jobs",
        "Upscaling to 4K", "Watermark-free exports", "Email support", "99.9% uptime SLA", "Private deployment",
    ]
}
