import Foundation

extension Differ {
    /// `field_changed` for vendor, free tier, price range, each matched plan's best-for, and extras.
    func fieldChanges(
        target: String, from old: Record, to new: Record, plans: [(old: Plan, new: Plan)]
    ) -> [Change] {
        var changes: [Change] = []
        func text(_ field: String, _ oldText: String?, _ newText: String?, plan: String? = nil) {
            guard !options.ignores(field), textsDiffer(oldText, newText) else { return }
            changes.append(
                Change(
                    target: target, kind: .fieldChanged, plan: plan, field: field,
                    old: oldText.map(ChangeValue.text), new: newText.map(ChangeValue.text)))
        }
        text("vendor", old.vendor, new.vendor)
        text("free_tier", old.freeTier, new.freeTier)
        if !options.ignores("price_range"), priceRangesDiffer(old.priceRange, new.priceRange) {
            changes.append(
                Change(
                    target: target, kind: .fieldChanged, field: "price_range",
                    old: old.priceRange.map(ChangeValue.priceRange), new: new.priceRange.map(ChangeValue.priceRange)
                ))
        }
        for (oldPlan, newPlan) in plans {
            text("best_for", oldPlan.bestFor, newPlan.bestFor, plan: newPlan.name)
        }
        if !options.ignores("extras") {
            for key in Set(old.extras.keys).union(new.extras.keys).sorted() where !options.ignores("extras.\(key)") {
                let before = old.extras[key], after = new.extras[key]
                guard extrasDiffer(before, after) else { continue }
                changes.append(
                    Change(
                        target: target, kind: .fieldChanged, field: "extras.\(key)", old: before.map(\.changeValue),
                        new: after.map(\.changeValue)))
            }
        }
        return changes
    }

    /// `field_changed` for alternatives added, removed, or whose starting or top price moved.
    ///
    /// Fields are named `alternatives.<name>` and `alternatives.<name>.starting_price` / `.top_price`.
    func alternativeChanges(target: String, from old: [Alternative], to new: [Alternative]) -> [Change] {
        guard !options.ignores("alternatives") else { return [] }
        let match = KeyedMatch(old: old, new: new) { textKey($0.name) }
        var changes: [Change] = []
        for (before, after) in match.pairs {
            let prices: [(String, Price?, Price?)] = [
                ("starting_price", before.startingPrice, after.startingPrice),
                ("top_price", before.topPrice, after.topPrice),
            ]
            for (field, oldPrice, newPrice) in prices {
                guard let move = PriceDelta(old: oldPrice, new: newPrice, minChangePercent: options.minChangePercent)
                else { continue }
                changes.append(
                    Change(
                        target: target, kind: .fieldChanged, field: "alternatives.\(after.name).\(field)",
                        old: oldPrice.map(ChangeValue.price), new: newPrice.map(ChangeValue.price),
                        delta: move.delta, deltaPercent: move.percent))
            }
        }
        changes += match.added.map {
            Change(target: target, kind: .fieldChanged, field: "alternatives.\($0.name)", new: .alternative($0))
        }
        changes += match.removed.map {
            Change(target: target, kind: .fieldChanged, field: "alternatives.\($0.name)", old: .alternative($0))
        }
        return changes
    }

    /// Whether either end of a price range moved enough to report.
    private func priceRangesDiffer(_ old: PriceRange?, _ new: PriceRange?) -> Bool {
        guard let old, let new else { return (old == nil) != (new == nil) }
        let threshold = options.minChangePercent
        return PriceDelta(old: old.low, new: new.low, minChangePercent: threshold) != nil
            || PriceDelta(old: old.high, new: new.high, minChangePercent: threshold) != nil
    }

    /// Whether two extras differ in meaning: texts and list items compared by ``textKey(_:)``, lists as
    /// unordered, prices by equivalence.
    private func extrasDiffer(_ old: ExtraValue?, _ new: ExtraValue?) -> Bool {
        switch (old, new) {
        case (nil, nil): return false
        case (.text(let a)?, .text(let b)?): return textKey(a) != textKey(b)
        case (.list(let a)?, .list(let b)?):
            let match = KeyedMatch(old: a, new: b, key: textKey)
            return !match.added.isEmpty || !match.removed.isEmpty
        case (.price(let a)?, .price(let b)?):
            return PriceDelta(old: a, new: b, minChangePercent: options.minChangePercent) != nil
        default: return true
        }
    }
}

extension ExtraValue {
    /// The same value as a ``ChangeValue``, for `field_changed` on extras.
    var changeValue: ChangeValue {
        switch self {
        case .text(let text): .text(text)
        case .list(let list): .list(list)
        case .price(let price): .price(price)
        }
    }
}
