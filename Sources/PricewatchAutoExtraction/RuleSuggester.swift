import Foundation
import PricewatchCore

/// Writes `selectors.yml` rules that reproduce, through the ordinary rule path, what zero-config reading found
/// in a page's pricing cards, tables or microdata (and, for plans stated in JSON-LD, where the page shows
/// them): rules a person would keep, anchored on class tokens, ids and headings, never on
/// positions or hashed class names, with one comment per rule saying what it matched.
///
/// Candidate rules are tried against the page itself with the rule ``Extractor``; the first set that gives the
/// same plans (names and amounts) is kept, else the one that comes closest, with a comment saying so.
public struct RuleSuggester {
    /// What was suggested: the `selectors.yml` text, and how many of the page's plans its rules reproduce.
    public struct Suggestion: Sendable {
        /// A complete `selectors.yml` document.
        public let yaml: String
        /// Plans the rules read with the same name and amount as zero-config reading.
        public let reproduced: Int
        /// Plans zero-config reading found.
        public let plans: Int
    }

    /// Creates a suggester.
    public init() {}

    /// Suggests rules for a page under the site name `site`; with a URL, the document also holds a target.
    ///
    /// - Throws: ``ExtractionError`` when the page holds no plans, or no rule reads any of them (plans stated
    ///   only in JSON-LD, blocks with nothing stable to anchor on).
    public func suggest(page bytes: [UInt8], site: String, url: String?, targetID: String?)
        throws(ExtractionError) -> Suggestion
    {
        let analysis = try AutoExtractor().analyse(bytes, charset: nil, url: url)
        let plans = analysis.plans
        guard !plans.isEmpty else {
            throw ExtractionError(
                field: "plans", selector: nil, origin: nil,
                problem: "not read: no pricing plans found, so there is nothing to write rules for",
                advice: AutoExtractor.noPlansAdvice)
        }
        var best: (yaml: String, score: Int, reproduced: Int)?
        for candidate in candidates(for: analysis) {
            let yaml = document(site: site, vendor: analysis.vendor, rules: candidate, url: url, targetID: targetID)
            let (reproduced, invented) = check(yaml, site: site, page: bytes, against: plans)
            let score = reproduced * 2 - invented * 3
            if best == nil || score > best!.score { best = (yaml, score, reproduced) }
            if reproduced == plans.count && invented == 0 { break }
        }
        guard let best else {
            let onlyJSON = plans.allSatisfy { $0.strategy == .jsonLD }
            throw ExtractionError(
                field: "plans", selector: nil, origin: nil,
                problem: onlyJSON
                    ? "are stated only in the page's JSON-LD data, which rules cannot read"
                    : "have no stable class, id or heading to anchor rules on",
                advice: "watch the page without rules: 'site: auto' (pricewatch add URL)")
        }
        var yaml = best.yaml
        if best.reproduced < plans.count {
            yaml =
                "# These rules read \(best.reproduced) of the \(plans.count) plans zero-config reading found; check them.\n"
                + yaml
        }
        return Suggestion(yaml: yaml, reproduced: best.reproduced, plans: plans.count)
    }

    /// `plans:` sections to try, most readable first: for the plans as found (cards, a table, microdata), and
    /// for plans stated in JSON-LD, for the same plans as the page shows them (microdata, cards or a table).
    private func candidates(for analysis: AutoExtractor.Analysis) -> [String] {
        let page = analysis.page
        var sources = [analysis.plans]
        if analysis.plans.contains(where: { $0.strategy == .jsonLD }) {
            var rejected: [RejectedGroup] = []
            let tags = PriceTags(page)
            sources.append(StructuredData(page: page, tags: tags).microdata())
            sources.append(AutoExtractor.fromLayout(page: page, tags: tags, rejected: &rejected))
        }
        return sources.flatMap { plans -> [String] in
            guard let first = plans.first, plans.allSatisfy({ $0.elements != nil && $0.strategy == first.strategy })
            else { return [] }
            switch first.strategy {
            case .cards: return RuleWriter(page: page, plans: plans).candidates()
            case .table: return TableRuleWriter(page: page, plans: plans).candidates()
            case .microdata: return MicrodataRuleWriter(page: page, plans: plans).candidates()
            case .jsonLD: return []
            }
        }
    }

    /// How many of the plans the rules read with the same name and an equal amount, and how many more they read.
    private func check(_ yaml: String, site: String, page: [UInt8], against plans: [PlanCandidate]) -> (Int, Int) {
        guard let rules = try? Configuration.parse(yaml: yaml).site(named: site),
            let record = try? Extractor(site: rules).extract(
                page: page, target: "suggest/check", url: nil, fetchedAt: "2000-01-01T00:00:00Z")
        else { return (0, 0) }
        let key = { (name: String) in name.lowercased().split(separator: " ").joined(separator: " ") }
        var reproduced = 0
        for plan in plans {
            guard let read = record.plans.first(where: { key($0.name) == key(plan.name) }) else { continue }
            let want = Set(plan.prices.values.compactMap(\.amount))
            let got = Set(read.prices.values.compactMap(\.amount))
            if want.isEmpty || !want.isDisjoint(with: got) { reproduced += 1 }
        }
        // Plans read beyond those reproduced: other names, or a name read twice.
        return (reproduced, max(0, record.plans.count - reproduced))
    }

    private func document(site: String, vendor: String?, rules: String, url: String?, targetID: String?) -> String {
        var lines = [
            "# Suggested by 'pricewatch suggest': rules that read the plans zero-config reading found.", "sites:",
        ]
        lines.append("  \(site):")
        if let vendor {
            lines.append("    # The vendor as the page names itself (og:site_name, JSON-LD or <title>).")
            lines.append("    vendor:")
            lines.append("      value: \(RuleWriter.quoted(vendor))")
        }
        lines.append(rules)
        if let url, let targetID {
            lines += ["targets:", "  - id: \(targetID)", "    site: \(site)", "    url: \(RuleWriter.quoted(url))"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
