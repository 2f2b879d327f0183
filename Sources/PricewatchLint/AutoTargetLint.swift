import PricewatchCore

/// What `lint` can tell about a `site: auto` target, which has no rules to probe: whether zero-config reading
/// still finds plans in its stored page, plans it reads with low confidence, and plans the differ cannot tell
/// apart.
struct AutoTargetLint {
    let extractor: any RecordExtracting

    /// Plans read with less confidence than this are worth a look (`extract --auto --explain`) or rules.
    static let lowConfidence = 60

    func findings(page: [UInt8], charset: String?, of target: Target) -> [LintFinding] {
        let record: Record
        do {
            record = try extractor.extract(
                page: page, charset: charset, target: target.id, url: target.url, fetchedAt: "")
        } catch {
            return [
                LintFinding(
                    severity: .error, origin: nil, targets: [target.id],
                    message: "zero-config reading fails on the stored page, so check reports it as"
                        + " extraction_failed: \(error)")
            ]
        }
        var findings: [LintFinding] = []
        let unsure = record.plans.filter { ($0.confidence ?? 100) < Self.lowConfidence }
        if !unsure.isEmpty {
            let names = unsure.map { "'\($0.name)' (\($0.confidence ?? 0)%)" }.joined(separator: ", ")
            findings.append(
                LintFinding(
                    severity: .warning, origin: nil, targets: [target.id],
                    message: "zero-config reading is unsure of \(names): see why with 'pricewatch extract --auto"
                        + " --explain' on the stored page, and give the target rules ('pricewatch suggest') if it"
                        + " misreads it"))
        }
        for name in record.duplicatePlanNames {
            findings.append(
                LintFinding(
                    severity: .warning, origin: nil, targets: [target.id],
                    message: "two or more plans are named '\(name)': the differ matches plans by name and cannot tell"
                        + " them apart; give the target rules ('pricewatch suggest') that read what differs"))
        }
        return findings
    }
}
