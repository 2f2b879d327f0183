import PricewatchHTML

extension SiteRules {
    /// What happens to the text inside a page's `<script>` and `<style>` elements (`scripts:` in a site).
    ///
    /// Scripts and styles are most of a modern pricing page's bytes and slow parsing down, yet no price is
    /// read from them unless a rule asks for a script, such as JSON-LD.
    public enum ScriptText: String, Sendable, CaseIterable {
        /// Left out, unless some rule of the site names `script` (or `style`): the default.
        case auto
        /// Always parsed, for rules that read script or style text through an enclosing element.
        case keep
        /// Always left out.
        case drop
    }

    /// How this site's pages are parsed, after ``scripts``.
    public var parseOptions: HTMLParseOptions {
        switch scripts {
        case .keep: return []
        case .drop: return [.dropScriptText, .dropStyleText]
        case .auto:
            guard FastPath.scripts.isOn else { return [] }
            let expressions = selectors.map { $0.xpath.lowercased() }
            var options: HTMLParseOptions = []
            if !expressions.contains(where: { $0.contains("script") }) { options.insert(.dropScriptText) }
            if !expressions.contains(where: { $0.contains("style") }) { options.insert(.dropStyleText) }
            return options
        }
    }

    /// Every selector of every rule of the site, rows included.
    var selectors: [Selector] {
        let rowRules = [plans?.rows, alternatives].compactMap { $0 }
        let rules =
            fields.map(\.rule) + extras.map(\.rule) + (plans?.prices.map(\.rule) ?? [])
            + rowRules.flatMap { $0.fields.map(\.rule) }
        return rowRules.map(\.each) + rules.compactMap(\.selector)
    }
}
