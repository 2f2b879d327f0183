import Foundation
import PricewatchHTML

/// What `//x[p]` costs against `/descendant::x[p]` in libxml2, per rule shape, on the generated pages: each
/// shape as written with the rewrite off, the `/descendant::` form by hand, and as written with the rewrite
/// on (what `check` runs). The three are timed in turn on every page, so a busy machine slows them alike;
/// the figures are sums of each page's fastest of 5 runs.
func runXPathShapeBenchmark(_ pages: [[UInt8]]) throws -> [Figure] {
    struct Shape {
        let name: String
        let natural: String
        let descendant: String
        /// Evaluated from each of these nodes (a rule inside rows), or from the document when nil.
        var rows: String?
    }
    let shapes = [
        Shape(
            name: "//x[pred]", natural: "//li[@aria-current='page']",
            descendant: "/descendant::li[@aria-current='page']"),
        Shape(name: "//x[@attr]", natural: "//time[@datetime]", descendant: "/descendant::time[@datetime]"),
        Shape(
            name: "//x[text pred]", natural: "//p[contains(., 'last verified in')]",
            descendant: "/descendant::p[contains(., 'last verified in')]"),
        Shape(
            name: "//x[pred]//y", natural: "//section[@id='plans']//tr",
            descendant: "/descendant::section[@id='plans']/descendant::tr"),
        Shape(
            name: "//x[pred]//y[pred]", natural: "//section[@id='plans']//tr[count(td) > 1]",
            descendant: "/descendant::section[@id='plans']/descendant::tr[count(td) > 1]"),
        Shape(
            name: "in rows: parent::*//y[pred]", natural: "parent::*//li[span]",
            descendant: "parent::*/descendant::li[span]",
            rows: "/descendant::section[@id='features']/descendant::h3"),
        Shape(
            name: "in rows: .//y[pred]", natural: ".//td[contains(@class, 'font-medium')]",
            descendant: "./descendant::td[contains(@class, 'font-medium')]",
            rows: "/descendant::section[@id='plans']/descendant::tr"),
        Shape(
            name: "kept: (//x[pred])[1]", natural: "(//p[contains(., 'last verified in')])[1]",
            descendant: "(/descendant::p[contains(., 'last verified in')])[1]"),
        Shape(name: "kept: //x[1] (other nodes)", natural: "//td[1]", descendant: "/descendant::td[1]"),
    ]
    let compiled = try shapes.map { shape in
        (
            asWritten: try XPathExpression(shape.natural, rewritingSteps: false),
            descendant: try XPathExpression(shape.descendant, rewritingSteps: false),
            rewritten: try XPathExpression(shape.natural, rewritingSteps: true),
            rows: try shape.rows.map { try XPathExpression($0, rewritingSteps: false) }
        )
    }
    var seconds = Array(repeating: [0.0, 0.0, 0.0], count: shapes.count)
    // The nodes each variant found over all pages, to show the rewrite selects the same.
    var found = Array(repeating: [0, 0, 0], count: shapes.count)
    let clock = ContinuousClock()
    for (pageIndex, page) in pages.enumerated() {
        let document = try HTMLDocument(bytes: page)
        for (index, forms) in compiled.enumerated() {
            let contexts: [HTMLNode?] = try forms.rows.map { try document.select($0) } ?? [nil]
            let variants = [forms.asWritten, forms.descendant, forms.rewritten]
            // A different variant goes first on each page; each is timed 5 times and its fastest run kept, so a
            // run another process interrupted does not count.
            for turn in 0..<3 {
                let variant = (turn + pageIndex) % 3
                var fastest = Double.infinity
                for repetition in 0..<5 {
                    var count = 0
                    fastest = min(
                        fastest,
                        try clock.measure {
                            for context in contexts {
                                count += try (context?.select(variants[variant]) ?? document.select(variants[variant]))
                                    .count
                            }
                        }.benchmarkSeconds)
                    if repetition == 0 { found[index][variant] += count }
                }
                seconds[index][variant] += fastest
            }
        }
    }
    let figures = shapes.indices.map { index in
        let (asWritten, descendant, rewritten) = (seconds[index][0], seconds[index][1], seconds[index][2])
        let same = found[index][0] == found[index][2] ? "same nodes" : "DIFFERENT nodes"
        return Figure(
            "xpath \(shapes[index].name), as written", seconds: asWritten, pages: pages.count,
            note: String(
                format: "%.2fx /descendant:: (%.3f s); rewritten %.3f s = %.2fx /descendant::, ",
                asWritten / descendant, descendant, rewritten, rewritten / descendant) + "\(same) (\(found[index][0]))")
    }
    for figure in figures { print("  " + figure.line) }
    return figures
}
