import Testing

@testable import PricewatchHTML

/// The names read from XPath source follow XPath 1.0's lexical rules: operators, node types, axes and
/// literals are not taken for functions or variables.
@Suite struct XPathReferencesTests {
    @Test(arguments: [
        ("//td[2]", [XPathTokens.Reference.name(prefix: nil, name: "td")]),
        ("count(td) * 2", [.function(prefix: nil, name: "count"), .name(prefix: nil, name: "td")]),
        (
            "a and b or c div d mod e",
            ["a", "b", "c", "d", "e"].map { XPathTokens.Reference.name(prefix: nil, name: $0) }
        ),
        ("child::text() | @class", [.name(prefix: nil, name: "class")]),
        ("//*[. = '$no f()'][$plan]", [.variable("plan")]),
        ("svg:rect/ex:f (1)", [.name(prefix: "svg", name: "rect"), .function(prefix: "ex", name: "f")]),
        ("processing-instruction('x') | node()", []),
        ("-1.5 * .5 - and", [.name(prefix: nil, name: "and")]),
    ])
    func referencesAreRead(source: String, expected: [XPathTokens.Reference]) {
        #expect(XPathTokens.references(in: source) == expected)
    }

    @Test func unresolvedNamesUseLibxml2sFunctionTable() throws {
        let expression = try XPathExpression("//li[starts-with(., 'x')][ends-with(., $y)][$plan]")
        #expect(
            expression.unresolvedNames(variables: ["plan"]) == [.unknownFunction("ends-with"), .undefinedVariable("y")])
    }
}
