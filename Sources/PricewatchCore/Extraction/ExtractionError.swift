/// Why a page did not yield a complete record: which field, which rule, and what to do.
public struct ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The record field at fault (`last_verified`, `plans`, `plans.prices.monthly`).
    public let field: String
    /// The selector that failed, as written in `selectors.yml`.
    public let selector: String?
    /// Where the rule is written (`selectors.yml:14 sites.costbench.last_verified`).
    public let origin: String?
    /// What went wrong.
    public let problem: String
    /// What to do, when it is not the fix for a rule (check the page, update selectors.yml): zero-config
    /// reading, which has no rules, says what to do instead.
    public let advice: String?

    /// Creates an error; without `advice`, its description tells the user to check the page and the rules.
    public init(field: String, selector: String?, origin: String?, problem: String, advice: String? = nil) {
        self.field = field
        self.selector = selector
        self.origin = origin
        self.problem = problem
        self.advice = advice
    }

    public var description: String {
        var text = "required field '\(field)' \(problem)"
        if let selector { text += " (selector \(selector)" + (origin.map { " at \($0)" } ?? "") + ")" }
        return text + "; "
            + (advice
                ?? "the page layout may have changed: check the page and update selectors.yml ('pricewatch lint'"
                + " checks every rule against the stored pages)")
    }
}
