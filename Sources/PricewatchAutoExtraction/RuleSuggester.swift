import Foundation
import PricewatchCore

/// Writes `selectors.yml` rules that reproduce, through the ordinary rule path, what zero-config reading found
/// in a page's pricing cards: rules a person would keep, anchored on class tokens, ids and headings, never on
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
    /// - Throws: ``ExtractionError`` when the page holds no plans, or its plans were not read from cards.
    public func suggest(page bytes: [UInt8], site: String, url: String?, targetID: String?)
        throws(ExtractionError) -> Suggestion
    {
        let analysis = try AutoExtractor().analyse(bytes, charset: nil, url: url)
        let plans = analysis.plans.filter { $0.strategy == .cards && $0.elements != nil }
        guard !plans.isEmpty, plans.count == analysis.plans.count else {
            let how = Set(analysis.plans.map(\.strategy.rawValue)).sorted().joined(separator: ", ")
            throw ExtractionError(
                field: "plans", selector: nil, origin: nil,
                problem: analysis.plans.isEmpty
                    ? "not read: no pricing plans found, so there is nothing to write rules for"
                    : "were found in \(how), which rules are not suggested for yet; watch the page with 'site: auto'")
        }
        let page = analysis.page
        let writer = RuleWriter(page: page, plans: plans)
        var best: (yaml: String, score: Int, reproduced: Int)?
        for candidate in writer.candidates() {
            let yaml = document(site: site, vendor: analysis.vendor, rules: candidate, url: url, targetID: targetID)
            let (reproduced, invented) = check(yaml, site: site, page: bytes, against: plans)
            let score = reproduced * 2 - invented * 3
            if best == nil || score > best!.score { best = (yaml, score, reproduced) }
            if reproduced == plans.count && invented == 0 { break }
        }
        guard let best else {
            throw ExtractionError(
                field: "plans", selector: nil, origin: nil,
                problem: "have no stable class, id or heading to anchor rules on; watch the page with 'site: auto'")
        }
        var yaml = best.yaml
        if best.reproduced < plans.count {
            yaml =
                "# These rules read \(best.reproduced) of the \(plans.count) plans zero-config reading found; check them.\n"
                + yaml
        }
        return Suggestion(yaml: yaml, reproduced: best.reproduced, plans: plans.count)
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
        let names = Set(plans.map { key($0.name) })
        return (reproduced, record.plans.filter { !names.contains(key($0.name)) }.count)
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
