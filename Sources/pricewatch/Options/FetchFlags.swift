import ArgumentParser
import PricewatchCore

/// Flags that override `defaults.fetch` from `selectors.yml`.
struct FetchFlags: ParsableArguments {
    @Option(help: "Transfers in flight at once (default from selectors.yml, else 16).")
    var maxConcurrent: Int?

    @Option(help: "Transfers in flight at once to one host (default 2).")
    var maxPerHost: Int?

    @Option(help: "Seconds between two requests to the same host.")
    var perHostDelay: Double?

    @Option(help: "Seconds allowed for a whole transfer.")
    var timeout: Double?

    @Option(help: "Attempts per page, retries included.")
    var maxAttempts: Int?

    @Option(help: "The User-Agent header.")
    var userAgent: String?

    func validate() throws {
        if let maxConcurrent, maxConcurrent < 1 { throw ValidationError("--max-concurrent must be at least 1.") }
        if let maxPerHost, maxPerHost < 1 { throw ValidationError("--max-per-host must be at least 1.") }
        if let perHostDelay, perHostDelay < 0 { throw ValidationError("--per-host-delay cannot be negative.") }
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be more than 0 seconds.") }
        if let maxAttempts, maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1.") }
    }

    /// The configuration's settings with these flags applied on top.
    func apply(to settings: FetchSettings) -> FetchSettings {
        var settings = settings
        if let maxConcurrent { settings.maxConcurrent = maxConcurrent }
        if let maxPerHost { settings.maxPerHost = maxPerHost }
        if let perHostDelay { settings.perHostDelay = perHostDelay }
        if let timeout { settings.timeout = timeout }
        if let maxAttempts { settings.maxAttempts = maxAttempts }
        if let userAgent { settings.userAgent = userAgent }
        return settings
    }
}
