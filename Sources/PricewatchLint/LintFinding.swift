/// One pitfall `pricewatch lint` found in a site's rules, checked against the stored pages.
public struct LintFinding: Sendable, Hashable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable, Hashable {
        /// A `check` of these pages fails (a required field matches nothing).
        case error
        /// The rules run but miss or blur data: a selector that matches nothing, a field always empty,
        /// plans the differ cannot tell apart.
        case warning
    }

    /// How bad it is.
    public var severity: Severity
    /// Where the rule is written (`selectors.yml:24 sites.costbench.vendor`); nil for findings about a page.
    public var origin: String?
    /// The targets whose stored pages show the problem.
    public var targets: [String]
    /// What is wrong, and how to fix it.
    public var message: String

    /// A finding.
    public init(severity: Severity, origin: String?, targets: [String], message: String) {
        self.severity = severity
        self.origin = origin
        self.targets = targets
        self.message = message
    }

    /// `warning: selectors.yml:24 sites.costbench.vendor: message (pages: a, b)`.
    public var description: String {
        let location = origin.map { "\($0): " } ?? ""
        let pages = targets.isEmpty ? "" : " [\(targets.joined(separator: ", "))]"
        return "\(severity.rawValue): \(location)\(message)\(pages)"
    }
}
