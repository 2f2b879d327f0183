import Foundation
import PricewatchCore
import PricewatchHTML

/// Reads plans, prices and features from a pricing page with no rules: zero-config reading.
///
/// Signals are tried best first: schema.org JSON-LD, then microdata and RDFa, then repeated blocks (cards,
/// columns) and tables, scored against each other. Precision comes before recall: a page where nothing
/// looks like a set of plans gives an ``ExtractionError`` ("no pricing plans found"), never guessed plans.
/// The same page always gives the same record (same plans, names and order), so the differ sees no noise.
public struct AutoExtractor: RecordExtracting {
    /// The `site` written in records read without rules.
    public static let site = Target.autoSite

    /// Creates a reader; it holds no state, so one serves every thread.
    public init() {}

    /// Reads a record, with the plans' confidences and `extraction: "auto"`.
    ///
    /// - Throws: ``ExtractionError`` when the page cannot be parsed or holds no pricing plans.
    public func extract(page: [UInt8], charset: String?, target: String, url: String?, fetchedAt: String)
        throws(ExtractionError) -> Record
    {
        let analysis = try analyse(page, charset: charset, url: url)
        let record = Self.record(of: analysis, target: target, url: url, fetchedAt: fetchedAt)
        if let failure = Self.failure(of: record, analysis: analysis) { throw failure }
        return record
    }

    /// Reads a record and says how: each plan's strategy, paths and confidence, and the groups not taken. A
    /// page without plans gives an explanation whose ``Explanation/failure`` says so.
    ///
    /// - Throws: ``ExtractionError`` only when the page cannot be parsed at all.
    public func explain(page bytes: [UInt8], charset: String?, target: String, url: String?, fetchedAt: String)
        throws(ExtractionError) -> Explanation
    {
        let analysis = try analyse(bytes, charset: charset, url: url)
        let record = Self.record(of: analysis, target: target, url: url, fetchedAt: fetchedAt)
        return Explanation(
            record: record, plans: analysis.plans.map { Explanation.PlanSource($0, page: analysis.page) },
            rejected: analysis.rejected, failure: Self.failure(of: record, analysis: analysis))
    }

    private static func record(of analysis: Analysis, target: String, url: String?, fetchedAt: String) -> Record {
        var record = Record(target: target, site: site, url: url, fetchedAt: fetchedAt, vendor: analysis.vendor)
        record.extraction = Record.autoExtraction
        record.plans = analysis.plans.map(\.plan)
        return record
    }

    private static func failure(of record: Record, analysis: Analysis) -> ExtractionError? {
        guard record.plans.isEmpty else { return nil }
        return ExtractionError(
            field: "plans", selector: nil, origin: nil,
            problem: "not read: no pricing plans found (\(analysis.rejected.count) candidate groups rejected)",
            advice: noPlansAdvice)
    }

    /// What to do when zero-config reading finds no plans: it has no rules to update.
    static let noPlansAdvice =
        "zero-config reading found nothing that reads as pricing plans: run 'pricewatch extract --auto --explain"
        + " PAGE' to see why, and if the page does show plans, give the target a site with rules ('pricewatch"
        + " suggest --site NAME PAGE' drafts them)"

    /// What reading a page found: the page, its plans with the elements they came from, the vendor, and the
    /// groups not taken.
    struct Analysis {
        let page: Page
        let plans: [PlanCandidate]
        let vendor: String?
        let rejected: [RejectedGroup]
    }

    func analyse(_ bytes: [UInt8], charset: String?, url: String?) throws(ExtractionError) -> Analysis {
        let document: HTMLDocument
        do {
            document = try HTMLDocument(
                bytes: bytes, url: url, charset: charset, options: Self.parseOptions(bytes, charset: charset))
        } catch {
            throw ExtractionError(
                field: "page", selector: nil, origin: nil, problem: "could not be read: \(error)",
                advice: "zero-config reading needs an HTML page; check what the URL serves")
        }
        let page = Page(document)
        let tags = PriceTags(page)
        let structured = StructuredData(page: page, tags: tags)
        let (linked, linkedVendor) = structured.jsonLD()
        var rejected: [RejectedGroup] = []
        var chosen: [PlanCandidate] = []
        if linked.count >= 2 {
            chosen = linked
        } else {
            let microdata = structured.microdata()
            let dom = Self.fromLayout(page: page, tags: tags, rejected: &rejected)
            if microdata.count >= 2 {
                chosen = microdata
            } else if !dom.isEmpty {
                chosen = dom
            } else {
                chosen = linked.isEmpty ? microdata : linked
            }
        }
        return Analysis(
            page: page, plans: Self.distinct(chosen), vendor: Vendor.name(page: page, structured: linkedVendor),
            rejected: rejected)
    }

    /// The script and style text reading can leave out of the parse, as rules' `scripts: auto` does (parsing
    /// it is much of a modern page's parse time): every script but JSON-LD ones, styles unless the page
    /// strikes something through. Only JSON-LD scripts' and styles' own text is read (structured data, struck
    /// classes), so the record is the same. Decided on the bytes, for pages read as UTF-8.
    static func parseOptions(_ bytes: [UInt8], charset: String?) -> HTMLParseOptions {
        guard CharacterEncoding.detect(bytes, httpCharset: charset).name == "UTF-8" else { return [] }
        var options: HTMLParseOptions = [.dropScriptText]
        if bytes.holds(foldingCase: "ld+json") { options.insert(.keepJSONLDScripts) }
        if !bytes.holds(foldingCase: "line-through") { options.insert(.dropStyleText) }
        return options
    }

    /// Plans from the page's layout: the best card group or the tables, whichever is stronger.
    static func fromLayout(page: Page, tags: PriceTags, rejected: inout [RejectedGroup]) -> [PlanCandidate] {
        let groups = CardGroups(page: page, tags: tags).groups()
        let tables = TablePlans(page: page, tags: tags).find()
        rejected += tables.rejected
        let best = groups.first { $0.rejection == nil }
        var plans: [PlanCandidate] = []
        if let best {
            plans = cards(of: best, page: page)
            // Blocks of the same kind elsewhere (a free tier in a section of its own) join when their price
            // sits where the chosen cards have theirs; so do the other panel of a billing toggle.
            for group in groups where group.parent != best.parent && group.rejection == nil {
                let merged = merge(group, into: &plans, best: best, page: page)
                if !merged {
                    rejected.append(
                        RejectedGroup(
                            strategy: .cards, path: page.path(group.parent),
                            reason: "weaker than the chosen group (score \(CardGroups.format(group.score)) against"
                                + " \(CardGroups.format(best.score)))"))
                }
            }
        }
        let tablePlans = tables.found.max { $0.plans.count < $1.plans.count }
        if let tablePlans, tablePlans.plans.count > plans.count || (best?.score ?? 0) < 6 && plans.isEmpty {
            if let best {
                rejected.append(
                    RejectedGroup(
                        strategy: .cards, path: page.path(best.parent), reason: "fewer plans than the table"))
            }
            plans = tablePlans.plans
        } else if let tablePlans {
            rejected.append(
                RejectedGroup(strategy: .table, path: page.path(tablePlans.table), reason: "fewer plans than the cards")
            )
            addTableFeatures(tablePlans.plans, to: &plans)
        }
        for group in groups where group.rejection != nil {
            rejected.append(RejectedGroup(strategy: .cards, path: page.path(group.parent), reason: group.rejection!))
        }
        return plans.sorted { $0.position < $1.position }
    }

    private static func cards(of group: CardGroups.Group, page: Page) -> [PlanCandidate] {
        let confidence = CardGroups.confidence(of: group)
        return group.cards.map { element, card in
            PlanCandidate(
                name: card.name, prices: card.prices, features: card.features, confidence: confidence,
                strategy: .cards,
                pathElements: [element, card.nameElement, card.priceElement],
                position: element, elements: (element, card.nameElement, card.priceElement))
        }
    }

    /// Adds a second group's cards when they are the same kind of card with the price in the same place; for
    /// cards whose names are already plans (the annual panel of a toggle), adds their figures as annual ones.
    private static func merge(
        _ group: CardGroups.Group, into plans: inout [PlanCandidate], best: CardGroups.Group, page: Page
    ) -> Bool {
        guard let reference = best.cards.first?.card, let first = group.cards.first,
            page.name(first.element) == page.name(best.members[0]),
            page.classes[first.element].contains(where: page.classes[best.members[0]].contains)
                || page.classes[first.element].isEmpty && page.classes[best.members[0]].isEmpty
        else { return false }
        let names = Set(plans.map { $0.name.lowercased() })
        let groupNames = Set(group.cards.map { $0.card.name.lowercased() })
        if groupNames == names {
            let context = ([group.parent] + page.ancestors(of: group.parent).prefix(3)).map(page.labelWords).joined(
                separator: " ")
            // The other panel is the annual one when it says so, or when its cards are priced by the year and
            // the chosen ones by the month (tabs that name the panels only in their buttons).
            let periods = { (cards: [(element: Int, card: CardReader.Card)]) in
                Set(cards.map { $0.card.prices.values.first { $0.kind == .amount }?.period })
            }
            guard BillingWords.isAnnual(context) || periods(group.cards) == ["year"] && periods(best.cards) == ["month"]
            else { return false }
            for (_, card) in group.cards {
                guard let index = plans.firstIndex(where: { $0.name.lowercased() == card.name.lowercased() }),
                    let price = card.prices.values.first(where: { $0.kind == .amount })
                else { continue }
                plans[index].prices[price.period == "year" ? "annual" : "annual_monthly"] = price
                if let shown = plans[index].prices.removeValue(forKey: "price") {
                    plans[index].prices["monthly"] = shown
                }
            }
            return true
        }
        var merged = false
        for (element, card) in group.cards where card.priceShape == reference.priceShape {
            guard !names.contains(card.name.lowercased()) else { continue }
            plans.append(
                PlanCandidate(
                    name: card.name, prices: card.prices, features: card.features,
                    confidence: max(40, CardGroups.confidence(of: best) - 15), strategy: .cards,
                    pathElements: [element, card.nameElement, card.priceElement],
                    position: element, elements: (element, card.nameElement, card.priceElement)))
            merged = true
        }
        return merged
    }

    /// A comparison table beside the cards gives each card's plan the ✓ rows of its column.
    private static func addTableFeatures(_ table: [PlanCandidate], to plans: inout [PlanCandidate]) {
        for (index, plan) in plans.enumerated() where plan.features.isEmpty {
            if let column = table.first(where: { $0.name.lowercased() == plan.name.lowercased() }) {
                plans[index].features = column.features
            }
        }
    }

    /// One plan per name: the first one found keeps it.
    private static func distinct(_ plans: [PlanCandidate]) -> [PlanCandidate] {
        var seen: Set<String> = []
        return plans.filter { seen.insert($0.name.lowercased()).inserted }
    }
}
