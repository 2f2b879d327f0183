import Foundation
import PricewatchCore
import PricewatchHTML

/// Runs every rule of `selectors.yml` against the stored raw pages (`snapshots/<id>/page.html`, or the
/// database's), without fetching, and reports the pitfalls: selectors that match nothing, optional fields that
/// are always empty, plans the differ cannot tell apart, pages that no longer extract.
///
/// A rule is judged over all stored pages of its site, so a field one vendor's page lacks is not reported
/// while another page has it.
public struct Linter {
    /// The rules and targets.
    public let configuration: Configuration
    /// Where the pages are read from.
    public let store: any RecordStore
    /// Reads the stored pages of `site: auto` targets, which have no rules to probe; without one they are
    /// not checked.
    public let autoExtractor: (any RecordExtracting)?

    /// A linter for `configuration`'s rules over `store`'s pages, and `site: auto` targets read by `autoExtractor`.
    public init(configuration: Configuration, store: any RecordStore, autoExtractor: (any RecordExtracting)? = nil) {
        self.configuration = configuration
        self.store = store
        self.autoExtractor = autoExtractor
    }

    /// The findings for `targets`' stored pages, rule by rule in file order, then page by page.
    public func findings(for targets: some Sequence<Target>) -> [LintFinding] {
        var pageFindings: [LintFinding] = []
        var tallies: [String: RuleTally] = [:]
        var probesInOrder: [RuleProbe] = []
        for target in targets {
            let site = configuration.sites[target.site]
            guard site != nil || (target.usesAutoExtraction && autoExtractor != nil) else { continue }
            let probes = site.map(RuleProbe.all(in:)) ?? []
            for probe in probes where tallies[probe.origin] == nil {
                tallies[probe.origin] = RuleTally()
                probesInOrder.append(probe)
            }
            let page: [UInt8]
            let charset: String?
            do {
                guard let stored = try store.rawPage(for: target.id) else {
                    pageFindings.append(
                        LintFinding(
                            severity: .warning, origin: nil, targets: [target.id],
                            message: "no stored page to check; run 'pricewatch check' first"))
                    continue
                }
                page = stored
                charset = try store.cacheValidators(for: target.id)?.charset
            } catch {
                pageFindings.append(
                    LintFinding(severity: .error, origin: nil, targets: [target.id], message: "\(error)"))
                continue
            }
            if let site {
                pageFindings += lint(
                    page: page, charset: charset, of: target, site: site, probes: probes, into: &tallies)
            } else if let autoExtractor {
                pageFindings += AutoTargetLint(extractor: autoExtractor).findings(
                    page: page, charset: charset, of: target)
            }
        }
        return probesInOrder.compactMap { probe in tallies[probe.origin].flatMap { probe.finding(from: $0) } }
            + pageFindings
    }

    /// Extracts the page's record and probes every rule on it, adding to `tallies`; returns the page's own
    /// findings (extraction failure, indistinguishable plans).
    private func lint(
        page: [UInt8], charset: String?, of target: Target, site: SiteRules, probes: [RuleProbe],
        into tallies: inout [String: RuleTally]
    ) -> [LintFinding] {
        var findings: [LintFinding] = []
        var record: Record?
        do {
            record = try Extractor(site: site).extract(
                page: page, charset: charset, target: target.id, url: target.url, fetchedAt: "")
        } catch {
            findings.append(
                LintFinding(
                    severity: .error, origin: error.origin, targets: [target.id],
                    message: "extraction fails, so check reports this page as extraction_failed: \(error)"))
        }
        if let record {
            let nameRule = site.plans?.rows.rule("name")?.origin ?? site.plans?.rows.origin
            for name in record.duplicatePlanNames {
                findings.append(
                    LintFinding(
                        severity: .warning, origin: nameRule, targets: [target.id],
                        message: "two or more plans are named '\(name)': the differ matches plans by name and"
                            + " cannot tell them apart; make plans.name read what differs (such as the billing"
                            + " period) or narrow plans.each"))
            }
            for name in record.duplicateAlternativeNames {
                findings.append(
                    LintFinding(
                        severity: .warning, origin: site.alternatives?.rule("name")?.origin, targets: [target.id],
                        message: "two or more alternatives are named '\(name)': the differ cannot tell them apart"))
            }
        }
        guard
            let document = try? HTMLDocument(bytes: page, url: target.url, charset: charset, options: site.parseOptions)
        else { return findings }
        let matches = PageProbe(document: document, site: site, vendor: record?.vendor)
        for probe in probes {
            tallies[probe.origin]?.add(
                target: target.id, matched: matches.matched(probe), hasValue: record.map { probe.hasValue(in: $0) },
                hint: { probe.selector.flatMap { ClassTokenHint.hint(for: $0.xpath, in: document) } })
        }
        return findings
    }
}

/// What the stored pages of a site showed for one rule.
struct RuleTally {
    var targets: [String] = []
    /// Pages where the selector matched something (nil when it cannot be probed alone: `column`, `by_name`).
    var matchedTargets: [String] = []
    var probed = false
    /// Pages that extracted, and those whose record has the field's value.
    var extracted = 0
    var withValue = 0
    /// Why the selector matches nothing, from the first page that shows it.
    var hint: String?

    mutating func add(target: String, matched: Bool?, hasValue: Bool?, hint: () -> String?) {
        targets.append(target)
        if let matched {
            probed = true
            if matched { matchedTargets.append(target) } else if self.hint == nil { self.hint = hint() }
        }
        if let hasValue {
            extracted += 1
            if hasValue { withValue += 1 }
        }
    }
}
