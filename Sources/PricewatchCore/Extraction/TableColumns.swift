import PricewatchHTML

/// Finds a table row's cell by its column's header text, for `column:` rules.
///
/// A table's header positions are worked out once per table and page, not once per row and rule as the
/// equivalent XPath (`td[count(ancestor::table[1]//th[normalize-space(.)='Monthly']/preceding-sibling::th)+1]`)
/// does, so reading a column costs little more than `td[2]`. The table and the cell are found by walking the
/// tree, which for one row costs less than setting up an XPath evaluation. Keep one per extractor, like its
/// other caches.
final class TableColumns {
    private let headerCells: XPathExpression
    private let cellPosition: XPathExpression
    /// Header positions by lower-cased header text, per table of the current page.
    private var headers: [HTMLNode: [String: Int]] = [:]
    private static let cellNames = ["td", "th"]

    init() {
        // Constant, valid expressions: compiling them cannot fail.
        headerCells = try! XPathExpression("descendant::th")
        cellPosition = try! XPathExpression("count(preceding-sibling::th | preceding-sibling::td) + 1")
    }

    /// The cell of `row` in the column whose header reads `column` (case and spacing ignored), or nil when
    /// the row is in no table, no header reads so, or the row is too short. Positions count `th` and `td`
    /// cells alike, so a row whose first cell is a `<th scope="row">` reads right; `colspan` is not counted.
    func cell(of row: HTMLNode, column: String) throws(HTMLError) -> HTMLNode? {
        guard let table = row.ancestor(named: "table"), let position = try positions(in: table)[column.lowercased()]
        else { return nil }
        let cells = row.children(named: Self.cellNames)
        return cells.indices.contains(position - 1) ? cells[position - 1] : nil
    }

    /// Forgets the tables of the page just read: they keep its document alive.
    func reset() { headers.removeAll(keepingCapacity: true) }

    private func positions(in table: HTMLNode) throws(HTMLError) -> [String: Int] {
        if let known = headers[table] { return known }
        var positions: [String: Int] = [:]
        // The first header cell of a name wins, as `th[...][1]` would.
        for header in try table.select(headerCells) where positions[header.text.lowercased()] == nil {
            if case .number(let position) = try header.evaluate(cellPosition) {
                positions[header.text.lowercased()] = Int(position)
            }
        }
        headers[table] = positions
        return positions
    }
}
