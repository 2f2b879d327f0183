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

    private static let nodeTypes: Set<String> = ["comment", "text", "processing-instruction", "node"]
    private static let operatorNames: Set<String> = ["and", "or", "div", "mod"]

    static func references(in source: String) -> [Reference] {
        let characters = Array(source)
        var references: [Reference] = []
        var index = 0
        // Whether the previous token ends an operand: then `*` multiplies and `and`/`or`/`div`/`mod` are operators.
        var afterOperand = false
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" || !c.isASCII }
        func isNameCharacter(_ c: Character) -> Bool { isNameStart(c) || c.isNumber || c == "-" || c == "." }
        func readName() -> String {
            let start = index
            while index < characters.count, isNameCharacter(characters[index]) { index += 1 }
            return String(characters[start..<index])
        }
        func next(skippingSpaces from: Int) -> Int {
            var position = from
            while position < characters.count, characters[position].isWhitespace { position += 1 }
            return position
        }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "'" || character == "\"" {
                index += 1
                while index < characters.count, characters[index] != character { index += 1 }
                index += 1
                afterOperand = true
            } else if character == "$" {
                index += 1
                var name = readName()
                if index + 1 < characters.count, characters[index] == ":", isNameStart(characters[index + 1]) {
                    index += 1
                    name += ":" + readName()
                }
                references.append(.variable(name))
                afterOperand = true
            } else if isNameStart(character) {
                var prefix: String?
                var name = readName()
                if index + 1 < characters.count, characters[index] == ":", characters[index + 1] != ":" {
                    index += 1
                    prefix = name
                    if characters[index] == "*" {
                        index += 1
                        name = "*"
                    } else {
                        name = readName()
                    }
                }
                let following = next(skippingSpaces: index)
                let nextCharacter = following < characters.count ? characters[following] : nil
                if afterOperand, prefix == nil, operatorNames.contains(name) {
                    afterOperand = false
                } else if nextCharacter == "(" {
                    // `text()` and the other node types are tests, not calls.
                    if prefix != nil || !nodeTypes.contains(name) {
                        references.append(.function(prefix: prefix, name: name))
                    }
                    afterOperand = false
                } else if nextCharacter == ":" {
                    afterOperand = false  // an axis name, `child::`
                } else {
                    references.append(.name(prefix: prefix, name: name))
                    afterOperand = true
                }
            } else if character.isNumber
                || (character == "." && index + 1 < characters.count
                    && characters[index + 1].isNumber)
            {
                index += 1
                while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
                afterOperand = true
            } else {
                index += 1
                switch character {
                case ")", "]", ".": afterOperand = true
                case "*": afterOperand = !afterOperand
                default: afterOperand = false
                }
            }
        }
        return references
    }
}
