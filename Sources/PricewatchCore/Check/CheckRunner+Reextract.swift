import Foundation

extension CheckRunner {
    /// Rebuilds records from the stored raw pages with the current rules, without fetching, and reports
    /// what the new rules change (stores the new records unless this is a dry run).
    ///
    /// Run it after editing `selectors.yml`: a fixed selector shows up as changes here, not in the next
    /// `check`, where it would look like the vendor changed its prices.
    public func reextract(targets: TargetList? = nil) -> Report {
        let startedAt = Timestamp.now()
        let results = (targets ?? configuration.targets).map { target -> Report.TargetResult in
            let prepared: PreparedTarget
            switch prepare(target) {
            case .failed(let result): return result
            case .ready(let ready): prepared = ready
            }
            let page: [UInt8]?
            let validators: CacheValidators?
            do {
                page = try store.rawPage(for: target.id)
                validators = try store.cacheValidators(for: target.id)
            } catch {
                return Report.TargetResult(id: target.id, url: target.url, status: .failed, error: "\(error)")
            }
            guard let page else {
                return Report.TargetResult(
                    id: target.id, url: target.url, status: .failed,
                    error: "no stored page for \(target.id); run 'pricewatch check' first")
            }
            return evaluate(prepared, page: page, charset: validators?.charset, validators: validators, at: Date())
        }
        return Report(startedAt: startedAt, finishedAt: Timestamp.now(), targets: results)
    }
}
