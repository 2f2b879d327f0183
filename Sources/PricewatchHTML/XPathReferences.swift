internal import CLibXML2

/// A name in an XPath expression that evaluation cannot resolve.
///
/// libxml2 compiles `$price`, `foo()` and `ex:bar()` without complaint and resolves them only while
/// evaluating, and only in the parts a page reaches (a predicate on a node the page lacks is never
/// evaluated), so such a mistake fails on some page long after the rules were written.
public enum XPathNameProblem: Sendable, Hashable, CustomStringConvertible {
    /// A `$name` the caller does not bind.
    case undefinedVariable(String)
    /// A function call without a prefix that is not an XPath 1.0 function.
    case unknownFunction(String)
    /// A `prefix:` on a function or name test: pages are read without namespaces, so no prefix is bound.
    case unboundPrefix(prefix: String, name: String)

    public var description: String {
        switch self {
        case .undefinedVariable(let name): "the variable $\(name) is not defined"
        case .unknownFunction(let name): "\(name)() is not an XPath 1.0 function"
        case .unboundPrefix(let prefix, let name):
            "the prefix '\(prefix)' in '\(prefix):\(name)' is bound to no namespace (pages are read without"
                + " namespaces); use XPath 1.0 functions and plain element names, or *[local-name()='\(name)']"
        }
    }
}

extension XPathExpression {
    /// The names evaluation would fail on: variables outside `variables`, unknown functions and prefixes.
    public func unresolvedNames(variables: Set<String>) -> [XPathNameProblem] {
        var problems: [XPathNameProblem] = []
        LibXML2.ensureInitialised()
        // A context knows every function libxml2 registers for evaluation; the document does not matter.
        let context = xmlXPathNewContext(nil)
        defer { if let context { xmlXPathFreeContext(context) } }
        for reference in XPathTokens.references(in: source) {
            let problem: XPathNameProblem?
            switch reference {
            case .variable(let name): problem = variables.contains(name) ? nil : .undefinedVariable(name)
            case .name(let prefix?, let name), .function(let prefix?, let name):
                problem = .unboundPrefix(prefix: prefix, name: name)
            case .function(nil, let name):
                problem = context.map { xmlXPathFunctionLookup($0, name) == nil } == true ? .unknownFunction(name) : nil
            case .name(nil, _): problem = nil
            }
            if let problem, !problems.contains(problem) { problems.append(problem) }
        }
        return problems
    }
}

/// Reads the names of an XPath 1.0 expression the way its lexical rules (XPath 1.0, section 3.7) do.
enum XPathTokens {
    enum Reference: Hashable, Sendable {
        case variable(String)
        case function(prefix: String?, name: String)
        /// A name test such as `td` or `svg:rect`.
        case name(prefix: String?, name: String)
    }

    static func references(in source: String) -> [Reference] {
        XPathLexer.tokens(in: source).compactMap { token in
            switch token.kind {
            case .variable(let name): .variable(name)
            case .functionName(let prefix, let name): .function(prefix: prefix, name: name)
            case .nameTest(let prefix, let name) where prefix != nil || name != "*": .name(prefix: prefix, name: name)
            default: nil
            }
        }
    }
}
