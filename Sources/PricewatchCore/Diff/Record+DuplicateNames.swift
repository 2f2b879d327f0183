extension Record {
    /// Plan names more than one plan of the record carries, spacing and case ignored, as first written.
    ///
    /// The differ matches plans between versions by name, so it cannot tell such plans apart: a price that
    /// moves from one to the other reads as no change, or as a change of the wrong plan.
    public var duplicatePlanNames: [String] { Self.duplicates(plans.map(\.name)) }

    /// Alternative names more than one alternative carries, spacing and case ignored.
    public var duplicateAlternativeNames: [String] { Self.duplicates(alternatives.map(\.name)) }

    /// One warning per name the differ cannot tell apart, for the report's `warnings`.
    public var duplicateNameWarnings: [String] {
        duplicatePlanNames.map {
            "two or more plans are named '\($0)': the differ matches plans by name and cannot tell them apart;"
                + " make plans.name read what differs (pricewatch lint shows where)"
        }
            + duplicateAlternativeNames.map {
                "two or more alternatives are named '\($0)': the differ cannot tell them apart"
            }
    }

    private static func duplicates(_ names: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for name in names { counts[textKey(name), default: 0] += 1 }
        var reported: Set<String> = []
        return names.filter { counts[textKey($0), default: 0] > 1 && reported.insert(textKey($0)).inserted }
    }
}
