import PricewatchCore

/// How zero-config reading got a record: for each plan, the strategy, the node paths and the confidence; and
/// the candidate groups it looked at and did not take, with the reason.
public struct Explanation: Sendable {
    /// Where one plan came from.
    public struct PlanSource: Sendable, Hashable {
        /// The plan's name.
        public let name: String
        /// Which strategy found it.
        public let strategy: Strategy
        /// The paths of the block, its name and its price (or of the structured data that stated it).
        public let paths: [String]
        /// 0–100.
        public let confidence: Int

        init(_ candidate: PlanCandidate, page: Page) {
            name = candidate.name
            strategy = candidate.strategy
            paths = candidate.pathElements.map(page.path)
            confidence = candidate.confidence
        }
    }

    /// The record read.
    public let record: Record
    /// One source per plan, in the record's order.
    public let plans: [PlanSource]
    /// Groups looked at and not taken.
    public let rejected: [RejectedGroup]
    /// Why the page gave no record ("no pricing plans found"), or nil when it gave one.
    public let failure: ExtractionError?

    /// The explanation as text for a terminal: one paragraph per plan, then the rejected groups.
    public var text: String {
        var lines: [String] = failure == nil ? [] : ["no pricing plans found"]
        for plan in plans {
            lines.append("plan \"\(plan.name)\": \(plan.strategy.rawValue), confidence \(plan.confidence)%")
            for path in plan.paths { lines.append("  at \(path)") }
        }
        if !rejected.isEmpty { lines.append("rejected:") }
        for group in rejected {
            lines.append("  \(group.strategy.rawValue) \(group.path): \(group.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
