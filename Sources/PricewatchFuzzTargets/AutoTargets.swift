import Foundation
import PricewatchAutoExtraction
import PricewatchCore

extension FuzzTarget {
    /// Zero-config reading (`extract --auto`) on any page: a record or an ``ExtractionError``, never a crash;
    /// every plan it reads has a name, a price and a confidence of 0–100, no two plans share a name (the
    /// differ matches plans by name), and the same page read twice gives the same record or the same error,
    /// as the differ needs to see no change in an unchanged page. The page's own encoding is detected, as for
    /// a response without a charset (the `html` target covers claimed charsets).
    static let auto = FuzzTarget(name: "auto", seeds: pageFixtures) { bytes throws(FuzzFailure) in
        let first = read(bytes)
        try require(read(bytes) == first, "the same page read twice gave different results")
        guard case .success(let record) = first else { return }
        try require(!record.plans.isEmpty, "a record without plans instead of 'no pricing plans found'")
        var names: Set<String> = []
        for plan in record.plans {
            let name = plan.name.trimmingCharacters(in: .whitespacesAndNewlines)
            try require(!name.isEmpty, "a plan without a name: \(plan)")
            try require(names.insert(name.lowercased()).inserted, "two plans named '\(name)'")
            try require(!plan.prices.isEmpty, "plan '\(name)' has no price")
            let confidence = plan.confidence ?? -1
            try require((0...100).contains(confidence), "plan '\(name)' has confidence \(confidence)")
        }
    }

    private static func read(_ page: [UInt8]) -> Result<Record, ExtractionError> {
        Result { () throws(ExtractionError) in
            try AutoExtractor().extract(
                page: page, charset: nil, target: "fuzz/auto", url: nil, fetchedAt: "2026-01-01T00:00:00Z")
        }
    }
}
