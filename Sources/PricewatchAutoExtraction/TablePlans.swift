import Foundation
import PricewatchCore

/// Finds plans in `<table>`s: plans as columns (a header row of plan names over rows of prices and ✓/✗
/// features), or plans as rows (a name column beside a price column).
struct TablePlans {
    let page: Page
    let tags: PriceTags

    struct Found {
        let table: Int
        let plans: [PlanCandidate]
    }

    /// Plans of every table that has some, and the tables that were looked at and not taken.
    func find() -> (found: [Found], rejected: [RejectedGroup]) {
        var found: [Found] = []
        var rejected: [RejectedGroup] = []
        for table in 0..<page.count where page.name(table) == "table" && !page.inChrome[table] {
            let rows = page.descendants(of: table).filter { page.name($0) == "tr" && nearestTable($0) == table }
            guard rows.count >= 2 else { continue }
            // A table of competitors' prices beside the vendor's own is no list of its plans.
            let context = ([table] + page.ancestors(of: table).prefix(3)).map(page.labelWords).joined(separator: " ")
            if let decoy = Self.competitorWords.first(where: context.holds) {
                rejected.append(
                    RejectedGroup(
                        strategy: .table, path: page.path(table), reason: "its context says '\(decoy)', not plans"))
                continue
            }
            let grid = rows.map { row in page.children(row).filter { ["td", "th"].contains(page.name($0)) } }
            // Every row under the header priced, each named in its first cell: plans as rows (an API's models
            // with input and output prices), though the header's words could name columns.
            let rowPlans = self.rows(grid)
            let plans = rowPlans.flatMap { $0.count == grid.count - 1 ? $0 : nil } ?? columns(grid) ?? rowPlans
            if let plans, plans.count >= 1 {
                found.append(Found(table: table, plans: plans))
            } else {
                rejected.append(
                    RejectedGroup(
                        strategy: .table, path: page.path(table),
                        reason: "no row of prices under plan names, and no column of prices beside them"))
            }
        }
        return (found, rejected)
    }

    private func nearestTable(_ element: Int) -> Int? {
        page.ancestors(of: element).first { page.name($0) == "table" }
    }

    /// Plans as columns: the first row names them, a later row whose label cell is followed by prices prices them.
    private func columns(_ grid: [[Int]]) -> [PlanCandidate]? {
        let header = grid[0]
        guard header.count >= 2 else { return nil }
        let names = header.dropFirst().map { cleanName(page.text($0)) }
        guard names.allSatisfy({ CardReader.isNameLike($0) && !Self.headerWords.contains($0.lowercased()) }),
            Set(names).count == names.count
        else { return nil }
        // Rows whose every plan cell is a single cell (colspan merges plans, so such rows are skipped).
        let full = grid.dropFirst().filter { $0.count == header.count }
        guard
            let priceRow = full.first(where: { row in
                let priced = row.dropFirst().filter { price(of: $0) != nil }.count
                return priced * 2 >= names.count && priced >= min(2, names.count)
                    && row.dropFirst().contains { price(of: $0)?.kind == .amount }
            })
        else { return nil }
        var plans: [PlanCandidate] = []
        for (offset, name) in names.enumerated() {
            let column = offset + 1
            guard let price = price(of: priceRow[column]) else { continue }
            var features: [String] = []
            for row in full where row != priceRow {
                let label = page.text(row[0])
                let cell = page.text(row[column])
                guard !label.isEmpty, !cell.isEmpty || hasCheckMark(row[column]) else { continue }
                if Self.crosses.contains(cell) || hasCross(row[column]) { continue }
                features.append(Self.checks.contains(cell) || cell.isEmpty ? label : "\(label): \(cell)")
            }
            let field = PriceField.field(for: price, tag: page.text(priceRow[column]), context: page.text(priceRow[0]))
            plans.append(
                PlanCandidate(
                    name: name, prices: [field: price], features: features,
                    confidence: 85, strategy: .table,
                    pathElements: [header[column], priceRow[column]], position: header[column],
                    elements: (header[column], header[column], priceRow[column])))
        }
        return plans.count >= 1 ? plans : nil
    }

    /// Plans as rows: the first cell names the plan, the first priced cell prices it.
    private func rows(_ grid: [[Int]]) -> [PlanCandidate]? {
        var plans: [PlanCandidate] = []
        for row in grid where row.count >= 2 {
            let name = cleanName(page.text(row[0]))
            guard CardReader.isNameLike(name), tags.price(in: name) == nil,
                let cell = row.dropFirst().first(where: { price(of: $0) != nil }), let price = price(of: cell)
            else { continue }
            plans.append(
                PlanCandidate(
                    name: name, prices: [PriceField.field(for: price, tag: page.text(cell)): price], features: [],
                    confidence: 80, strategy: .table, pathElements: [row[0], cell], position: row[0],
                    elements: (page.parent(row[0]) ?? row[0], row[0], cell)))
        }
        let amounts = plans.filter { $0.prices.values.contains { $0.kind == .amount } }.count
        // Rows priced only by words ("Custom", "Contact sales") are plans when the header says so.
        return plans.count >= 2 && (amounts >= 2 || headsPlansAndPrices(grid[0]))
            && Set(plans.map(\.name)).count == plans.count ? plans : nil
    }

    /// A header row such as "Plan | Monthly | Annual": the first cell names plans, another names prices.
    private func headsPlansAndPrices(_ header: [Int]) -> Bool {
        guard let first = header.first, page.name(first) == "th" else { return false }
        let words = header.map { page.text($0).lowercased() }
        return Self.planHeadings.contains(words[0]) && words.dropFirst().contains(where: Self.priceHeadings.contains)
    }

    private static let planHeadings: Set<String> = [
        "plan", "plans", "tier", "tiers", "package", "packages", "edition", "paket", "tarif", "formule", "offre",
        "plano",
        "piano", "abonnement", "プラン",
    ]
    private static let priceHeadings: Set<String> = [
        "price", "prices", "pricing", "cost", "monthly", "annual", "yearly", "per month", "per year", "preis",
        "preise", "monatlich", "jährlich", "prix", "mensuel", "annuel", "precio", "mensual", "anual", "preço",
        "mensal", "prezzo", "mensile", "prijs", "料金", "価格", "月額",
    ]

    private static let competitorWords = ["alternative", "competitor", "versus"]

    /// Column headings of a table of plans as rows, which are not plan names.
    private static let headerWords: Set<String> = [
        "price", "prices", "plan", "plans", "cost", "preis", "prix", "precio", "prezzo", "prijs", "料金", "価格",
        "seats", "users", "monthly", "annual", "yearly", "features", "feature",
    ]

    private func price(of cell: Int) -> Price? {
        guard !page.struck[cell] else { return nil }
        if let index = tags.byElement[cell] { return tags.tags[index].price }
        return tags.tags(in: cell, page: page).first { !$0.struck }?.price
    }

    private func cleanName(_ text: String) -> String {
        // Most names hold no star and no space at either end, and stay as they are: Foundation's replacing
        // and trimming cost more than the rest of reading a table (60,000 instructions a name in Japanese).
        let bytes = Array(text.utf8)
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            !CharacterSet.whitespaces.contains(first), !CharacterSet.whitespaces.contains(last),
            !bytes.contains(0x2A), !Self.starMarks.contains(where: bytes.holds(foldingCase:))
        {
            return text
        }
        var name = text
        for mark in Self.starMarks + ["*"] { name = name.replacingOccurrences(of: mark, with: "") }
        return name.trimmingCharacters(in: .whitespaces)
    }

    /// The stars a page puts beside a recommended plan's name, which ``cleanName(_:)`` drops.
    private static let starMarks = ["⭐", "★"]

    private static let checks: Set<String> = ["✓", "✔", "✔️", "✅", "☑", "yes", "Yes", "●", "included", "Included"]
    private static let crosses: Set<String> = ["✗", "✘", "✕", "×", "❌", "—", "–", "-", "no", "No", "N/A"]

    private func hasCheckMark(_ cell: Int) -> Bool {
        page.descendants(of: cell).contains { index in
            page.classes[index].contains { $0.holds("check") || $0 == "yes" || $0 == "y" }
        }
    }

    private func hasCross(_ cell: Int) -> Bool {
        page.classes[cell].contains { $0 == "no" || $0 == "n" }
            || page.descendants(of: cell).contains { index in
                page.classes[index].contains { $0.holds("-x") || $0.holds("cross") || $0 == "no" }
            }
    }
}
