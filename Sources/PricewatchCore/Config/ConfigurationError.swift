/// A problem in `selectors.yml`, located by file, line and key so the user can fix it.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration file.
    public let file: String
    /// The 1-based line of the offending key or value, when known.
    public let line: Int?
    /// The dotted key path at fault, such as `sites.costbench.plans.prices.monthly.css`.
    public let key: String
    /// What is wrong and how to fix it.
    public let problem: String
    /// The other problems found in the same file, in file order: a load reports them all at once.
    public var more: [ConfigurationError] = []

    /// This problem and the ``more`` found with it, in file order.
    public var all: [ConfigurationError] {
        var first = self
        first.more = []
        return [first] + more
    }

    /// Creates an error.
    public init(file: String, line: Int?, key: String, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    /// `file:line: key: problem`, one line per problem.
    public var description: String {
        all.map(\.located).joined(separator: "\n")
    }

    /// This problem alone, as `file:line: key: problem`.
    private var located: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(location): \(problem)" : "\(location): \(key): \(problem)"
    }
}
