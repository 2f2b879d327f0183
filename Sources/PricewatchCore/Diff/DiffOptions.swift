import Foundation

/// What a ``Differ`` reports: a per-target noise threshold for prices and fields to leave out.
///
/// These come from `selectors.yml` (`min_change_pct`, `ignore`), so a target whose prices wobble by cents
/// or whose page lists rotating alternatives can stay quiet without hiding real changes.
public struct DiffOptions: Hashable, Sendable {
    /// The record fields that ``ignoredFields`` understands besides price field names.
    ///
    /// Any other name in ``ignoredFields`` is taken as a price field (`monthly`, `annual`, ...), so a
    /// target can ignore, say, `annual_total` while still watching `monthly`.
    public static let recordFieldNames: Set<String> = [
        "last_verified", "vendor", "free_tier", "price_range", "best_for", "features", "prices",
        "alternatives", "extras",
    ]

    /// Price changes smaller than this many percent of the old amount are not reported.
    ///
    /// Changes of kind (Custom → $0.08), of currency, period or unit, and prices that appear or disappear
    /// are always reported, since no percentage measures them.
    public var minChangePercent: Decimal?
    /// Fields whose changes are not reported: names from ``recordFieldNames``, price field names, or
    /// `extras.<name>` for one site-specific field.
    public var ignoredFields: Set<String>

    /// Creates options; the defaults report every change.
    public init(minChangePercent: Decimal? = nil, ignoredFields: Set<String> = []) {
        self.minChangePercent = minChangePercent
        self.ignoredFields = ignoredFields
    }

    /// Whether changes to `field` are left out.
    func ignores(_ field: String) -> Bool {
        ignoredFields.contains(field)
    }
}
