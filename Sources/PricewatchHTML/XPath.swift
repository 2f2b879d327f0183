internal import CLibXML2

/// A value bound to an XPath variable such as `$plan`.
public enum XPathValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case boolean(Bool)
}

/// What an XPath expression evaluated to.
public enum XPathResult {
    case nodes([HTMLNode])
    case string(String)
    case number(Double)
    case boolean(Bool)

    /// The result as text: a node set's first node's text, or the string form of a scalar.
    public var text: String? {
        switch self {
        case .nodes(let nodes): return nodes.first?.text
        case .string(let string): return string
        case .number(let number):
            return number.isNaN ? nil : (number == number.rounded() ? String(Int(number)) : String(number))
        case .boolean(let bool): return String(bool)
        }
    }

    func nodes(for expression: String) throws(HTMLError) -> [HTMLNode] {
        guard case .nodes(let nodes) = self else {
            throw HTMLError(kind: .xpathResultType(expression: expression, expected: "a node set"))
        }
        return nodes
    }
}

/// Evaluates XPath through libxml2 and copies every result into Swift values before freeing it.
enum XPathEvaluator {
    static func evaluate(
        _ expression: String, in document: HTMLDocument, context node: HTMLNode?, variables: [String: XPathValue]
    ) throws(HTMLError) -> XPathResult {
        guard let context = xmlXPathNewContext(document.pointer) else {
            throw HTMLError(kind: .invalidXPath(expression: expression, position: nil, reason: "out of memory"))
        }
        defer { xmlXPathFreeContext(context) }  // also frees the registered variable values
        if let node { context.pointee.node = node.pointer }
        for (name, value) in variables {
            let object: xmlXPathObjectPtr? =
                switch value {
                case .string(let string): xmlXPathNewCString(string)
                case .number(let number): xmlXPathNewFloat(number)
                case .boolean(let bool): xmlXPathNewBoolean(bool ? 1 : 0)
                }
            xmlXPathRegisterVariable(context, name, object)
        }
        let (result, messages) = LibXML2.capturingErrors { xmlXPathEvalExpression(expression, context) }
        guard let result else {
            let error = context.pointee.lastError
            let reason = messages.last.map { $0.isEmpty ? "invalid expression" : $0 } ?? "invalid expression"
            let position = error.code != 0 ? Int(error.int1) + 1 : nil
            throw HTMLError(kind: .invalidXPath(expression: expression, position: position, reason: reason))
        }
        defer { xmlXPathFreeObject(result) }
        switch result.pointee.type {
        case XPATH_NODESET:
            let set = result.pointee.nodesetval
            let count = clibxml2_nodeset_count(set)
            var nodes: [HTMLNode] = []
            nodes.reserveCapacity(Int(count))
            for index in 0..<count {
                if let pointer = clibxml2_nodeset_item(set, index) {
                    nodes.append(HTMLNode(document: document, pointer: pointer))
                }
            }
            return .nodes(nodes)
        case XPATH_STRING:
            return .string(result.pointee.stringval.map { String(cString: $0) } ?? "")
        case XPATH_NUMBER:
            return .number(result.pointee.floatval)
        case XPATH_BOOLEAN:
            return .boolean(result.pointee.boolval != 0)
        default:
            throw HTMLError(kind: .xpathResultType(expression: expression, expected: "nodes, a string or a number"))
        }
    }
}
