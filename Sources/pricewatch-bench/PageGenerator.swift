import Foundation
import PricewatchTestSupport

/// Makes `count` CostBench-style vendor pages (~70 KB each) for the check benchmark, in three rounds:
/// 1 is the baseline, 2 changes the monthly price of one plan on about a tenth of the pages, 3 serves round
/// 2's data again. Every round re-randomises the noise (CSRF token, build id, trending list, framework
/// payload), so a differ that reports noise shows up in the figures.
///
/// The static markup (stylesheet, site header) is cut from the real fixture `kling-api.html`; the data
/// parts (breadcrumb, quick answer, plans table, feature cards, alternatives) follow its structure, so the
/// repo's `costbench` selectors read the generated pages exactly as they read the fixture.
struct PageGenerator {
    /// One monthly price that round 2 changes: what `check` must report as `price_changed`.
    struct PriceChange: Hashable {
        let targetID: String
        let plan: String
        let old: String
        let new: String
    }

    /// The target id of page `index`, as written into the generated selectors.yml.
    static func targetID(_ index: Int) -> String { "bench/page-\(index)" }

    /// The URL path of page `index` on the loopback server.
    static func path(_ index: Int) -> String { "/software/ai-media-apis/page-\(index)/" }

    let count: Int
    /// The monthly prices that differ between round 1 and round 2 (and stay so in round 3).
    let truth: [PriceChange]
    private let vendors: [Vendor]
    private let changedPlanByPage: [Int: (plan: Int, milli: Int)]
    private let template: Template

    /// Builds the page data; `seed` makes vendors, prices and the changed pages reproducible.
    ///
    /// - Throws: `BenchmarkError` when the fixture template cannot be found or has lost its markers.
    init(count: Int, changedFraction: Double = 0.1, seed: UInt64 = 2026) throws {
        self.count = count
        self.template = try Template.load()
        var random = SplitMix64(seed: seed)
        vendors = (0..<count).map { Vendor(index: $0, random: &random) }
        var changed: [Int: (plan: Int, milli: Int)] = [:]
        var truth: [PriceChange] = []
        let pageOrder = Array(0..<count).shuffled(using: &random)
        for page in pageOrder.prefix(Int((Double(count) * changedFraction).rounded())).sorted() {
            let vendor = vendors[page]
            // A middle plan: the new price stays between its neighbours, so the price range is unchanged.
            let plan = Int.random(in: 1...(vendor.plans.count - 3), using: &random)
            let (lower, upper) = (vendor.plans[plan].milli, vendor.plans[plan + 1].milli)
            let unit = vendor.style.unit
            let newMilli = lower + max(unit, (upper - lower) / 2 / unit * unit)
            changed[page] = (plan, newMilli)
            truth.append(
                PriceChange(
                    targetID: Self.targetID(page), plan: vendor.plans[plan].name,
                    old: vendor.style.format(lower), new: vendor.style.format(newMilli)))
        }
        self.changedPlanByPage = changed
        self.truth = truth
    }

    /// Every page of `round` (1, 2 or 3) as UTF-8 bytes, indexed like the targets.
    func pages(round: Int) -> [[UInt8]] {
        var noise = SplitMix64(seed: 0x9E37_79B9 &* UInt64(round + 1))
        return (0..<count).map { index in
            var vendor = vendors[index]
            if round >= 2, let change = changedPlanByPage[index] { vendor.plans[change.plan].milli = change.milli }
            return Array(render(vendor, noise: &noise).utf8)
        }
    }

    private func render(_ vendor: Vendor, noise: inout SplitMix64) -> String {
        let csrf = noise.hex(32)
        let build = noise.letters(20)
        let numeric = vendor.plans.filter { $0.milli > 0 }
        let (low, high) = (vendor.style.format(numeric[0].milli), vendor.style.format(numeric[numeric.count - 1].milli))
        var html = """
            <!DOCTYPE html>
            <html lang="en" class="scroll-smooth" data-build="\(build)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(vendor.name) Pricing 2026 | CostBench</title>
            <meta name="description" content="\(vendor.name) pricing: \(vendor.plans.count) plans from \(low) to \(high).">
            <meta name="csrf-token" content="\(csrf)">
            <link rel="canonical" href="https://costbench.com\(Self.path(vendor.index))">
            <link rel="preload" as="script" href="/_next/static/chunks/main-\(build).js">

            """
        html += template.headAndHeader.replacingOccurrences(of: template.csrfToken, with: csrf)
        html += vendor.mainHTML(priceRange: "\(low) to \(high)")
        html += "<aside class=\"mt-8\" aria-label=\"Trending\"><h2 class=\"text-sm font-semibold\">Trending now</h2>"
        html += "<ul class=\"mt-2 flex flex-wrap gap-2 text-xs\">\n"
        for _ in 0..<5 {
            let name = Vendor.name(Int(noise.next() % 1600))
            html += "<li><a href=\"/software/search/?q=\(name)\">\(name)</a></li>\n"
        }
        html += "</ul></aside>\n</main>\n"
        html += "<footer class=\"border-t py-8 text-center text-xs text-slate-500\"><p>&copy; 2026 CostBench. "
        html += "Prices are indicative; confirm with the vendor.</p></footer>\n"
        html += "<script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\": {\"pageProps\": {\"slug\": "
        html += "\"page-\(vendor.index)\", \"chunks\": ["
        // Framework payload: random keys and numbers up to the target size, like the fixture's.
        var chunk = 0
        while html.utf8.count < 70 * 1024 - 400 {
            let values = (0..<12).map { _ in String(noise.next() % 1_000_000_000) }.joined(separator: ", ")
            html += "\(chunk == 0 ? "" : ", ")"
            html += "{\"id\": \"c\(chunk)-\(noise.next() % 10_000)\", \"k\": \"\(noise.letters(24))\", "
            html += "\"v\": [\(values)], "
            html += "\"t\": \"module-\(chunk) module-\(chunk) module-\(chunk) \"}"
            chunk += 1
        }
        html += "]}}, \"page\": \"/software/[category]/[slug]\", \"buildId\": \"\(build)\"}</script>\n"
        html += "<script src=\"/_next/static/chunks/main-\(build).js\" defer></script>\n</body></html>\n"
        return html
    }
}

extension PageGenerator {
    /// The static parts of the fixture: everything from the analytics script to the opening `<main>`
    /// (stylesheet, body, site header with the search form's CSRF field).
    struct Template {
        let headAndHeader: String
        let csrfToken: String

        static func load() throws -> Template {
            let url = try fixtureURL("costbench/kling-api.html")
            let text = try String(contentsOf: url, encoding: .utf8)
            guard let start = text.range(of: "<script async src=\"https://www.googletagmanager"),
                let end = text.range(of: "<main id=\"main\""),
                let tokenStart = text.range(of: "<meta name=\"csrf-token\" content=\""),
                let tokenEnd = text[tokenStart.upperBound...].firstIndex(of: "\"")
            else {
                throw BenchmarkError(
                    message: "\(url.path) no longer has the analytics script, <main> or CSRF meta tag "
                        + "the page generator cuts it at; update PageGenerator.Template")
            }
            return Template(
                headAndHeader: String(text[start.lowerBound..<end.lowerBound]),
                csrfToken: String(text[tokenStart.upperBound..<tokenEnd]))
        }
    }
}

/// A file under the shared fixtures (`../shared/fixtures` beside the repo).
///
/// - Throws: `BenchmarkError` when it is not there.
func fixtureURL(_ relativePath: String) throws -> URL {
    try repoFile("../shared/fixtures/" + relativePath)
}

/// A file relative to the repo root, found from the current directory or from this source file, so
/// `make bench` works from the repo root and the binary works when run from elsewhere.
///
/// - Throws: `BenchmarkError` when the file is in neither place.
func repoFile(_ relativePath: String) throws -> URL {
    let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    for root in [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), sourceRoot] {
        let candidate = root.appendingPathComponent(relativePath).standardizedFileURL
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
    }
    throw BenchmarkError(
        message: "cannot find \(relativePath) relative to the repo root; run the benchmark "
            + "from the repo root (make bench), with the shared folder beside the repo")
}

extension SplitMix64 {
    /// `count` random lower-case hex digits, like a CSRF token.
    mutating func hex(_ count: Int) -> String {
        String((0..<count).map { _ in Array("0123456789abcdef")[Int(next() % 16)] })
    }

    /// `count` random lower-case letters, like a build id or a chunk key.
    mutating func letters(_ count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(97 + next() % 26))) })
    }
}
