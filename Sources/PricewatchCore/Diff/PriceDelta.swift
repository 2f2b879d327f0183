import Foundation

/// How far a price moved, when the move is worth reporting under a ``DiffOptions`` threshold.
///
/// Public so that every output (alerts, the HTML report's chart markers) states a move with the same
/// rounding as the change it comes from.
public struct PriceDelta: Sendable {
    /// `new - old`, for two amounts in the same currency, period and unit.
    public var delta: Amount?
    /// `delta` as a percentage of the old amount, one decimal place; nil when the old amount is zero.
    public var percent: Amount?

    /// Compares two prices; returns nil when there is nothing to report.
    ///
    /// Equivalent prices (same meaning, other spelling) are no change. A price that appears or disappears,
    /// or changes kind, currency, period or unit, is always reported. A plain amount change is dropped when
    /// its exact percentage is below `minChangePercent`.
    public init?(old: Price?, new: Price?, minChangePercent: Decimal? = nil) {
        guard let old, let new else {
            if old == nil && new == nil { return nil }
            return
        }
        if old.isEquivalent(to: new) { return nil }
        guard old.kind == .amount, new.kind == .amount, let oldAmount = old.amount, let newAmount = new.amount,
            old.currency == new.currency, old.period == new.period, old.unit == new.unit
        else { return }
        let difference = newAmount.value - oldAmount.value
        delta = Amount(difference)
        guard !oldAmount.value.isZero else { return }
        let exactPercent = difference / oldAmount.value * 100
        if let minChangePercent, abs(exactPercent) < minChangePercent { return nil }
        var unrounded = exactPercent
        var rounded = Decimal()
        NSDecimalRound(&rounded, &unrounded, 1, .plain)
        percent = Amount(rounded)
    }
}

extension Plan {
    /// The price that stands for the plan in alerts ("Plan added: Team ($28/mo)"), with its field name.
    ///
    /// The monthly price when there is one, otherwise the first in ``priceFieldOrder``.
    var mainPrice: (field: String, price: Price)? {
        priceFieldOrder(prices.keys).first.flatMap { field in prices[field].map { (field, $0) } }
    }
}

/// Price field names in the order changes are reported: monthly, annual, annual total, then the rest
/// alphabetically, so the order never depends on dictionary layout.
public func priceFieldOrder(_ fields: some Sequence<String>) -> [String] {
    let preferred = ["monthly", "annual", "annual_total"]
    return fields.sorted { lhs, rhs in
        let left = preferred.firstIndex(of: lhs) ?? preferred.count
        let right = preferred.firstIndex(of: rhs) ?? preferred.count
        return left != right ? left < right : lhs < rhs
    }
}
