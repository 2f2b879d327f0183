import PricewatchCore

/// Proposes the rules for plans read from a table: plans as columns (each header cell after the first is a
/// plan, its price the cell of the same column in the price row) or plans as rows (each row a plan, its price
/// the cell under the price column's header). The table is found by its id or a class token, or as the page's
/// only table.
struct TableRuleWriter {
    let page: Page
    let plans: [PlanCandidate]

    /// `plans:` sections to try, most readable first.
    func candidates() -> [String] {
        guard let first = plans.first?.elements,
            let table = ([first.block] + page.ancestors(of: first.block)).first(where: { page.name($0) == "table" })
        else { return [] }
        let names = plans.map(\.name).prefix(4).joined(separator: ", ")
        let field = RuleWriter.mainField(of: plans)
        var result: [String] = []
        for (anchor, what) in anchors(table) {
            if page.name(first.block) == "tr" {
                result += rowSections(anchor: anchor, what: what, names: names, field: field)
            } else {
                result += columnSections(anchor: anchor, what: what, names: names, field: field)
            }
        }
        return result
    }

    /// Plans as columns: the header cells after the first name them; the price is the cell in the same column
    /// of the row whose first cell is the price row's label (`$plan` finds the column by its header).
    private func columnSections(anchor: String, what: String, names: String, field: String) -> [String] {
        guard let price = plans.first?.elements?.price, let row = page.parent(price),
            let label = page.children(row).first.map(page.text), !label.isEmpty
        else { return [] }
        let each = SuggestedRule(
            "(\(anchor)//tr)[1]/*[position() > 1]",
            "Each plan is a column of \(what): its header cells after the first (\(names)).")
        var name = SuggestedRule(".", "The plan's name: the header cell's text.")
        var header = "normalize-space(.)"
        if plans.contains(where: { page.text($0.elements!.block) != $0.name }) {
            name.regex = "^\\s*(.+?)[\\s⭐★*]*$"
            name.comment = "The plan's name: the header cell's text, without its marks."
            header = "normalize-space(translate(., '⭐★*', ''))"
        }
        let column = "count((ancestor::table[1]//tr)[1]/*[\(header) = $plan]/preceding-sibling::*) + 1"
        let example = page.text(price).prefix(40)
        let priceRule = SuggestedRule(
            "ancestor::table[1]//tr[*[1][normalize-space(.) = \(RuleWriter.literal(label))]]/*[position() = \(column)]",
            "The plan's price: its column's cell in the row labelled '\(label)' (\"\(example)\").")
        return [RuleWriter.plansSection(each: each, name: name, prices: [(field, priceRule)], features: nil)]
    }

    /// Plans as rows: the first cell names the plan; the price is read by its column's header, else by position.
    private func rowSections(anchor: String, what: String, names: String, field: String) -> [String] {
        guard let price = plans.first?.elements?.price, let row = page.parent(price),
            let position = page.children(row).filter({ ["td", "th"].contains(page.name($0)) })
                .firstIndex(of: price)
        else { return [] }
        let each = SuggestedRule("\(anchor)//tr[td]", "Each plan is a row of \(what) (\(names)).")
        let name = SuggestedRule("*[1]", "The plan's name: the row's first cell.")
        let example = page.text(price).prefix(40)
        var prices: [SuggestedRule] = []
        if let header = headerText(in: page.ancestors(of: row).first { page.name($0) == "table" }, at: position) {
            prices.append(
                SuggestedRule(column: header, "The plan's price: the cell under '\(header)' (\"\(example)\")."))
        }
        prices.append(
            SuggestedRule("*[\(position + 1)]", "The plan's price: the row's cell \(position + 1) (\"\(example)\")."))
        return prices.map { RuleWriter.plansSection(each: each, name: name, prices: [(field, $0)], features: nil) }
    }

    /// The text of the header cell (`th`) at a position of the table's first row, as `column:` finds it.
    private func headerText(in table: Int?, at position: Int) -> String? {
        guard let table,
            let header = page.descendants(of: table).first(where: {
                page.name($0) == "tr" && page.children($0).contains { page.name($0) == "th" }
            })
        else { return nil }
        let cells = page.children(header).filter { ["td", "th"].contains(page.name($0)) }
        guard cells.indices.contains(position), page.name(cells[position]) == "th" else { return nil }
        let text = page.text(cells[position])
        return text.isEmpty ? nil : text
    }

    /// XPaths that find the table, and how a comment names it.
    private func anchors(_ table: Int) -> [(String, String)] {
        var anchors: [(String, String)] = []
        if let id = page.attribute("id", of: table), RuleWriter.isStable(id) {
            anchors.append(("//table[@id=\(RuleWriter.literal(id))]", "the table #\(id)"))
        }
        for token in RuleWriter.shared([table], on: page).prefix(2) {
            anchors.append(("//table[\(RuleWriter.hasClass(token))]", "the table with class '\(token)'"))
        }
        if (0..<page.count).filter({ page.name($0) == "table" }).count == 1 {
            anchors.append(("//table", "the page's only table"))
        }
        return anchors
    }
}
