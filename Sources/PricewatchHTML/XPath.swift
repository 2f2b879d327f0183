internal import CLibXML2
import Glibc

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

/// An XPath 1.0 expression compiled once, to be evaluated against many documents.
///
/// Compile the expressions a program uses repeatedly (selectors applied to every page) and keep them; one
/// compiled expression must be evaluated by one thread at a time.
public final class XPathExpression {
    /// The expression as written.
    public let source: String
    /// What libxml2 compiled: `source` with its `//x[p]` steps written `/descendant::x[p]` where that selects
    /// the same nodes faster (``XPathDescendantRewrite``).
    let compiledSource: String
    let pointer: xmlXPathCompExprPtr
    /// The `$name`s the expression refers to; only these are bound when it is evaluated, since binding a
    /// variable allocates and most expressions use none.
    let variableNames: Set<String>
    /// The expression as one child step (`td[2]`), which is answered without libxml2; nil for other forms.
    let childStep: XPathChildStep?
    /// For a CSS selector's translation, the selector itself, answered by walking the tree.
    let css: CSSMatcher?

    /// Compiles an expression.
    ///
    /// - Throws: ``HTMLError`` naming the expression, the position and the problem when it is not XPath 1.0.
    public convenience init(_ source: String) throws(HTMLError) {
        try self.init(source, css: nil)
    }

    /// Compiles an expression with or without rewriting its `//` steps, to compare the two
    /// (``XPathDescendantRewrite``; `pricewatch-bench` does).
    ///
    /// - Throws: ``HTMLError`` naming the expression, the position and the problem when it is not XPath 1.0.
    public convenience init(_ source: String, rewritingSteps: Bool) throws(HTMLError) {
        try self.init(source, css: nil, rewritingSteps: rewritingSteps)
    }

    /// Compiles `source`; `css`, when given, selects exactly what `source` does and is used instead.
    /// `rewritingSteps: false` compiles `source` exactly as written.
    init(_ source: String, css: CSSMatcher?, rewritingSteps: Bool = rewritesDescendantSteps) throws(HTMLError) {
        let compiledSource = rewritingSteps ? XPathDescendantRewrite.rewrite(source) : source
        var (compiled, diagnostics) = LibXML2.capturingDiagnostics { xmlXPathCompile(compiledSource) }
        if compiled == nil, compiledSource != source {
            // Report the problem at its place in the expression as written.
            (compiled, diagnostics) = LibXML2.capturingDiagnostics { xmlXPathCompile(source) }
        }
        guard let compiled else {
            let last = diagnostics.last
            let reason = last.map { $0.message.isEmpty ? "invalid expression" : $0.message } ?? "invalid expression"
            let position = last?.offset.map { $0 + 1 }
            throw HTMLError(kind: .invalidXPath(expression: source, position: position, reason: reason))
        }
        self.source = source
        self.compiledSource = compiledSource
        self.pointer = compiled
        self.variableNames = Self.variableNames(in: source)
        self.childStep = XPathChildStep(source)
        self.css = css
    }

    /// Whether `//` steps are rewritten when compiled; `PRICEWATCH_PLAIN=xpath` compiles every expression as
    /// written, for measuring what the rewrite gains (docs/bench.md).
    static let rewritesDescendantSteps = FastPath.xpath.isOn

    /// Every `$name` in the source. A `$` inside a string literal may add a name that is never bound, which
    /// costs nothing; a real reference is never missed.
    private static func variableNames(in source: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(source)
        while let dollar = rest.firstIndex(of: "$") {
            let name = rest[rest.index(after: dollar)...].prefix { $0.isLetter || $0.isNumber || "_-.".contains($0) }
            if !name.isEmpty { names.insert(String(name)) }
            rest = rest[rest.index(after: dollar)...]
        }
        return names
    }

    deinit {
        xmlXPathFreeCompExpr(pointer)
    }
}

/// Evaluates XPath through libxml2 and copies every result into Swift values before freeing it.
enum XPathEvaluator {
    /// Evaluates a compiled expression with the document's reusable context.
    static func evaluate(
        _ expression: XPathExpression, in document: HTMLDocument, context node: HTMLNode?,
        variables: [String: XPathValue]
    ) throws(HTMLError) -> XPathResult {
        // The document node itself is the context for document-level queries, as libxml2 does (an xmlDoc
        // starts with the same fields as an xmlNode).
        let contextNode =
            node?.pointer ?? UnsafeMutableRawPointer(document.pointer).assumingMemoryBound(to: xmlNode.self)
        // Both are answered by walking the tree, unless the benchmark turned that off (`FastPath.css`).
        let walks = FastPath.css.isOn
        if walks, let step = expression.childStep {
            return .nodes(step.select(from: contextNode).map { HTMLNode(document: document, pointer: $0) })
        }
        if walks, let css = expression.css {
            let documentNode = UnsafeMutableRawPointer(document.pointer).assumingMemoryBound(to: xmlNode.self)
            return .nodes(
                css.select(context: contextNode, document: documentNode).map {
                    HTMLNode(document: document, pointer: $0)
                })
        }
        let context = try document.xpathContext()
        context.pointee.node = contextNode
        let used = expression.variableNames
        for (name, value) in variables where used.contains(name) {
            xmlXPathRegisterVariable(context, name, makeObject(value))  // the context owns the value
        }
        defer {
            for name in variables.keys where used.contains(name) {
                xmlXPathRegisterVariable(context, name, nil)  // frees the value
            }
        }
        let (result, messages) = LibXML2.capturingErrors { xmlXPathCompiledEval(expression.pointer, context) }
        guard let result else {
            let reason = messages.last.map { $0.isEmpty ? "evaluation failed" : $0 } ?? "evaluation failed"
            throw HTMLError(kind: .invalidXPath(expression: expression.source, position: nil, reason: reason))
        }
        defer { xmlXPathFreeObject(result) }
        return try copy(result, document: document, expression: expression.source)
    }

    /// Compiles and evaluates an expression once.
    static func evaluate(
        _ source: String, in document: HTMLDocument, context node: HTMLNode?, variables: [String: XPathValue]
    ) throws(HTMLError) -> XPathResult {
        try evaluate(XPathExpression(source), in: document, context: node, variables: variables)
    }

    private static func makeObject(_ value: XPathValue) -> xmlXPathObjectPtr? {
        switch value {
        case .string(let string): xmlXPathNewCString(string)
        case .number(let number): xmlXPathNewFloat(number)
        case .boolean(let bool): xmlXPathNewBoolean(bool ? 1 : 0)
        }
    }

    private static func copy(_ result: xmlXPathObjectPtr, document: HTMLDocument, expression: String)
        throws(HTMLError) -> XPathResult
    {
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
