import Foundation
import PricewatchCore

/// One priced field of one plan through a target's history: what one chart draws.
struct PriceSeries {
    /// The currency, unit and billing period a chart's axis is in.
    struct Scale: Hashable {
        var currency: String?
        var unit: String?
        var period: String?
    }

    /// One change of the field's price: a marker on the chart.
    struct Marker {
        /// The index of the version that brought it.
        var index: Int
        /// When that version was first seen.
        var date: String
        /// The price before (nil when the plan or field did not exist yet).
        var old: Price?
        /// The price after (nil when the plan or field vanished).
        var new: Price?
    }

    /// The plan's name as the newest version that has it spells it.
    let plan: String
    /// The price field, such as `monthly`.
    let field: String
    /// The field's price in each stored version, nil where the plan or field is absent.
    let prices: [Price?]
    /// The axis's currency, unit and period: the newest plotted price's.
    let scale: Scale

    /// The value drawn for a price: its ``Price/chartValue`` when it is in the chart's currency, unit and
    /// period (a free plan's zero in any), else nil, drawn as a gap.
    func plotted(_ price: Price?) -> Decimal? {
        guard let price, let value = price.chartValue else { return nil }
        if price.kind == .free { return value }
        return Scale(currency: price.currency, unit: price.unit, period: price.period) == scale ? value : nil
    }

    /// Every version from `timeline`'s first visible one where the price differs from the version before
    /// (the same meaning in other words is no change), oldest first.
    func markers(in timeline: TargetTimeline) -> [Marker] {
        timeline.transitions.compactMap { transition in
            let old = prices[transition.index - 1]
            let new = prices[transition.index]
            switch (old, new) {
            case (nil, nil): return nil
            case (let old?, let new?) where old.isEquivalent(to: new): return nil
            default: return Marker(index: transition.index, date: transition.date, old: old, new: new)
            }
        }
    }

    /// A series for each plan and price field with something to plot in the period, in the newest record's
    /// plan order (plans that vanished after it, then their fields alphabetically).
    static func all(in timeline: TargetTimeline) -> [PriceSeries] {
        let entries = timeline.entries
        let visible = timeline.firstVisible..<entries.count
        // Plan keys and fields, newest record first, so the page's current order leads.
        var order: [String] = []
        var names: [String: String] = [:]
        var fields: [String: Set<String>] = [:]
        for index in visible.reversed() {
            for plan in entries[index].record.plans {
                let key = plan.matchKey
                if names[key] == nil {
                    names[key] = plan.name
                    order.append(key)
                }
                fields[key, default: []].formUnion(plan.prices.keys)
            }
        }
        // Each version's plans by key, looked up once per version rather than once per field.
        let plansByKey: [[String: Plan]] = entries.map { entry in
            Dictionary(entry.record.plans.map { ($0.matchKey, $0) }) { first, _ in first }
        }
        return order.flatMap { key in
            priceFieldOrder(fields[key] ?? []).compactMap { field -> PriceSeries? in
                let prices = plansByKey.map { $0[key]?.prices[field] }
                guard let newest = newestPlotted(prices, in: visible) else { return nil }
                let scale = Scale(currency: newest.currency, unit: newest.unit, period: newest.period)
                return PriceSeries(plan: names[key] ?? key, field: field, prices: prices, scale: scale)
            }
        }
    }

    /// The newest visible price with an amount, else the newest free one: it sets the chart's axis.
    private static func newestPlotted(_ prices: [Price?], in visible: Range<Int>) -> Price? {
        var free: Price?
        for index in visible.reversed() {
            guard let price = prices[index], price.chartValue != nil else { continue }
            if price.kind == .amount { return price }
            free = free ?? price
        }
        return free
    }
}
