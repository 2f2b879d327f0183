import Foundation
import PricewatchCore

/// One target's stored history seen through the report's period: which versions are visible, when each
/// change happened, and how the target stands now.
struct TargetTimeline {
    /// How a target stands, worst first: the overview sorts by this.
    enum Status: Comparable {
        /// Its snapshots could not be read; the message says why.
        case unreadable(String)
        /// Its latest check failed.
        case failing(TargetFailure)
        /// Something other than the last-verified date changed in the period.
        case changed
        /// Nothing changed in the period, and the latest check succeeded.
        case ok

        private var rank: Int {
            switch self {
            case .unreadable: 0
            case .failing: 1
            case .changed: 2
            case .ok: 3
            }
        }

        static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }
        static func == (lhs: Status, rhs: Status) -> Bool { lhs.rank == rhs.rank }
    }

    /// The changes one new version brought, as the differ reports them.
    struct Transition {
        /// Index of the new version in ``TargetTimeline/entries``.
        var index: Int
        /// When the new version was first seen.
        var date: String
        /// Every change, the last-verified date included.
        var changes: [Change]

        /// The changes worth calling a change: everything but a re-verified page.
        var meaningful: [Change] { changes.filter { $0.kind != .lastVerifiedChanged } }
    }

    let id: String
    /// Every stored version, oldest first (empty when none could be read).
    let entries: [HistoryEntry]
    let failure: TargetFailure?
    let readError: String?
    /// The period's first instant: `--since`, or the first version's first sighting.
    let start: String
    /// The last sighting of the newest version.
    let end: String
    /// The version in effect at ``start``: the first one drawn.
    let firstVisible: Int
    /// New versions first seen in the period, oldest first.
    let transitions: [Transition]

    init(id: String, entries: [HistoryEntry], failure: TargetFailure?, readError: String? = nil, since: String?) {
        self.id = id
        self.entries = entries
        self.failure = failure
        self.readError = readError
        let first = entries.first?.firstSeen ?? since ?? ""
        let start = since.map { max($0, first) } ?? first
        self.start = start
        end = max(entries.last?.lastSeen ?? start, start)
        firstVisible = entries.lastIndex { $0.firstSeen <= start } ?? 0
        let differ = Differ()
        transitions = entries.indices.dropFirst().compactMap { index in
            let entry = entries[index]
            guard entry.firstSeen >= start else { return nil }
            let changes = differ.changes(from: entries[index - 1].record, to: entry.record)
            return Transition(index: index, date: entry.firstSeen, changes: changes)
        }
    }

    /// The newest record, when any was read.
    var latest: Record? { entries.last?.record }

    var status: Status {
        if let readError { return .unreadable(readError) }
        if let failure { return .failing(failure) }
        return transitions.contains { !$0.meaningful.isEmpty } ? .changed : .ok
    }

    /// The newest version that changed more than the last-verified date, over the whole history.
    var lastChange: Transition? {
        guard entries.count > 1 else { return nil }
        let differ = Differ()
        for index in entries.indices.dropFirst().reversed() {
            let transition =
                transitions.last { $0.index == index }
                ?? Transition(
                    index: index, date: entries[index].firstSeen,
                    changes: differ.changes(from: entries[index - 1].record, to: entries[index].record))
            if !transition.meaningful.isEmpty { return transition }
        }
        return nil
    }

    /// The cheapest and dearest amounts among the latest record's plan prices, in its most common currency
    /// (free plans count as zero in any currency). Ties go to the first in page and field order.
    var priceExtremes: (cheapest: Price, dearest: Price)? {
        let valued = (latest?.plans ?? []).flatMap { plan in
            plan.prices.sorted { $0.key < $1.key }.compactMap { _, price in
                price.chartValue.map { (price: price, value: $0) }
            }
        }
        var counts: [String: Int] = [:]
        for item in valued where item.price.kind == .amount { counts[item.price.currency ?? "", default: 0] += 1 }
        let currency = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        let chosen = valued.filter { $0.price.kind == .free || ($0.price.currency ?? "") == currency }
        guard let cheapest = chosen.min(by: { $0.value < $1.value }),
            let dearest = chosen.max(by: { $0.value < $1.value })
        else { return nil }
        return (cheapest.price, dearest.price)
    }
}

extension Price {
    /// The number a chart draws for this price: its amount, or 0 for a free plan; nil for custom,
    /// contact-sales and unparsed prices, which are drawn as gaps.
    var chartValue: Decimal? {
        switch kind {
        case .amount: amount?.value
        case .free: amount?.value ?? 0
        case .custom, .contactSales, .unknown: nil
        }
    }
}
