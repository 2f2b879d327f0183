import PricewatchHTML

/// Explains the commonest XPath mistake on HTML: `@class='card'` compares the whole attribute, so it misses
/// `<div class="card featured">`.
public enum ClassTokenHint {
    /// The class-token test for `name`, which matches any element whose class list includes it.
    public static func tokenTest(_ name: String) -> String {
        "contains(concat(' ', normalize-space(@class), ' '), ' \(name) ')"
    }

    /// A hint for an XPath that compares `@class` with a single class name, when the page has elements that
    /// carry that class among others; nil when there is nothing to explain.
    public static func hint(for xpath: String, in document: HTMLDocument) -> String? {
        for name in comparedClassNames(in: xpath) {
            guard let expression = try? XPathExpression("//*[\(tokenTest(name))]/@class"),
                let found = try? document.select(expression), let example = found.first?.text, example != name
            else { continue }
            return
                "@class='\(name)' compares the whole class attribute, but the page's element reads class=\"\(example)\";"
                + " test one class with \(tokenTest(name)) (in CSS, .\(name))"
        }
        return nil
    }

    /// The single class names compared with `@class = '...'` (either quote, any spacing).
    static func comparedClassNames(in xpath: String) -> [String] {
        var names: [String] = []
        var rest = xpath[...]
        while let attribute = rest.range(of: "@class") {
            var tail = rest[attribute.upperBound...].drop { $0 == " " }
            rest = tail
            guard tail.first == "=" else { continue }
            tail = tail.dropFirst().drop { $0 == " " }
            guard let quote = tail.first, quote == "'" || quote == "\"" else { continue }
            let value = tail.dropFirst().prefix { $0 != quote }
            if !value.isEmpty, !value.contains(" ") { names.append(String(value)) }
        }
        return names
    }
}
