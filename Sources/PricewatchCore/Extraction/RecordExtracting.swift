/// Reads a record from a page of a target that has no rules (`site: auto` in `selectors.yml`).
///
/// Zero-config reading lives in a module of its own; `check` and `reextract` are handed one through
/// ``CheckRunner/Options/autoExtractor`` and call it for every `auto` target.
public protocol RecordExtracting: Sendable {
    /// Reads plans, prices and features from a page with no rules.
    ///
    /// - Throws: ``ExtractionError`` when the page cannot be read or holds no pricing plans.
    func extract(page: [UInt8], charset: String?, target: String, url: String?, fetchedAt: String)
        throws(ExtractionError) -> Record
}
