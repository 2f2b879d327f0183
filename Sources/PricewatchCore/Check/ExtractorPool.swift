import Foundation

/// Extractors kept between pages, so each worker reuses its compiled selectors instead of compiling them
/// for every page; at most one extractor per worker and site is ever created.
///
/// `@unchecked Sendable`: an extractor is not thread-safe, and the lock guarantees each one is handed to one
/// task at a time — taken out of `idle` before use and put back after.
final class ExtractorPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [String: [Extractor]] = [:]

    /// Runs `body` with an extractor for `site` that no other task is using, then returns it to the pool.
    func withExtractor<T>(for site: SiteRules, _ body: (Extractor) throws -> T) rethrows -> T {
        let extractor = lock.withLock { idle[site.name]?.popLast() } ?? Extractor(site: site)
        defer { lock.withLock { idle[site.name, default: []].append(extractor) } }
        return try body(extractor)
    }
}
