import PricewatchFetch

extension FetchSettings {
    /// The fetcher options these settings stand for.
    public var fetchOptions: FetchOptions {
        var options = FetchOptions(
            maxConcurrent: maxConcurrent, maxPerHost: maxPerHost, perHostDelay: .seconds(perHostDelay),
            connectTimeout: .seconds(connectTimeout), totalTimeout: .seconds(timeout), maxAttempts: maxAttempts,
            maxRedirects: maxRedirects, maxBodyBytes: maxBodyBytes)
        if let userAgent { options.userAgent = userAgent }
        return options
    }
}
