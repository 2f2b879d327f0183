/// Why a page could not be parsed or queried.
public struct HTMLError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case emptyDocument
        case unparsable(String)
        /// libxml2 read only part of the page; the reason says why.
        case incomplete(String)
        case invalidXPath(expression: String, position: Int?, reason: String)
        case xpathResultType(expression: String, expected: String)
    }

    let kind: Kind

    public var description: String {
        switch kind {
        case .emptyDocument:
            return "the page is empty: nothing to parse (check that the URL serves HTML)"
        case .unparsable(let reason):
            return "the page could not be parsed as HTML: \(reason)"
        case .incomplete(let reason):
            return "the page could not be read to its end: \(reason)"
        case .invalidXPath(let expression, let position, let reason):
            let at = position.map { " at position \($0)" } ?? ""
            return "invalid XPath \"\(expression)\"\(at): \(reason); fix the selector in selectors.yml"
        case .xpathResultType(let expression, let expected):
            return "XPath \"\(expression)\" does not yield \(expected); adjust the selector"
        }
    }
}
