import Foundation

/// Compares two records of one target and yields the semantic changes between them.
///
/// Only meaning counts: spelling of prices, whitespace, capitalisation of names and the order of plans,
/// features and alternatives are never changes. The output order is stable: `last_verified`, then each
/// plan in new-record order (its prices, then its features), added and removed plans, record fields, and
/// alternatives last.
public struct Differ: Sendable {
    /// The threshold and ignore list applied to every comparison.
    public var options: DiffOptions

    /// Creates a differ.
    public init(options: DiffOptions = .init()) {
        self.options = options
    }

    /// The changes from `old` to `new`, attributed to `new.target`.
    ///
    /// A record that lost all its plans yields `plan_removed` for each here; use ``compare(old:new:)`` to
    /// have that treated as a broken page instead.
    public func changes(from old: Record, to new: Record) -> [Change] {
        let target = new.target
        var changes: [Change] = []
        if !options.ignores("last_verified"), textsDiffer(old.lastVerified, new.lastVerified) {
            changes.append(
                Change(
                    target: target, kind: .lastVerifiedChanged, old: old.lastVerified.map(ChangeValue.text),
                    new: new.lastVerified.map(ChangeValue.text)))
        }
        let plans = KeyedMatch(old: old.plans, new: new.plans) { textKey($0.name) }
        for (oldPlan, newPlan) in plans.pairs {
            changes += priceChanges(target: target, from: oldPlan, to: newPlan)
            changes += featureChanges(target: target, from: oldPlan, to: newPlan)
        }
        changes += plans.added.map { planChange(.planAdded, target: target, plan: $0) }
        changes += plans.removed.map { planChange(.planRemoved, target: target, plan: $0) }
        changes += fieldChanges(target: target, from: old, to: new, plans: plans.pairs)
        changes += alternativeChanges(target: target, from: old.alternatives, to: new.alternatives)
        return changes
    }

    /// One `price_changed` per price field of a plan that moved, appeared or disappeared.
    private func priceChanges(target: String, from old: Plan, to new: Plan) -> [Change] {
        guard !options.ignores("prices") else { return [] }
        let fields = priceFieldOrder(Set(old.prices.keys).union(new.prices.keys))
        return fields.compactMap { field -> Change? in
            guard !options.ignores(field),
                let move = PriceDelta(
                    old: old.prices[field], new: new.prices[field], minChangePercent: options.minChangePercent)
            else { return nil }
            return Change(
                target: target, kind: .priceChanged, plan: new.name, field: field,
                old: old.prices[field].map(ChangeValue.price), new: new.prices[field].map(ChangeValue.price),
                delta: move.delta, deltaPercent: move.percent)
        }
    }

    /// `feature_added` in new order, then `feature_removed` in old order.
    private func featureChanges(target: String, from old: Plan, to new: Plan) -> [Change] {
        guard !options.ignores("features") else { return [] }
        let features = KeyedMatch(old: old.features, new: new.features, key: textKey)
        return features.added.map {
            Change(target: target, kind: .featureAdded, plan: new.name, feature: $0)
        }
            + features.removed.map {
                Change(target: target, kind: .featureRemoved, plan: new.name, feature: $0)
            }
    }

    /// `plan_added` / `plan_removed`, carrying the plan's main price so alerts can name it.
    private func planChange(_ kind: Change.Kind, target: String, plan: Plan) -> Change {
        let main = plan.mainPrice
        let value = main.map { ChangeValue.price($0.price) }
        return Change(
            target: target, kind: kind, plan: plan.name, field: main?.field,
            old: kind == .planRemoved ? value : nil, new: kind == .planAdded ? value : nil)
    }
}
