/// What a tab may load: pricewatch keeps the browser on a short leash.
public struct RequestPolicy: Sendable, Hashable {
    /// DevTools resource types refused outright (`Image`, `Font`, `Media`): prices are text.
    public var blockedResourceTypes: Set<String>
    /// URL schemes allowed for navigations, redirects and subresources; anything else (`file:`, `ftp:`,
    /// `chrome:`) is refused.
    public var allowedSchemes: Set<String>

    /// The default leash: no images, fonts or media; http and https only.
    public init(
        blockedResourceTypes: Set<String> = ["Image", "Font", "Media"], allowedSchemes: Set<String> = ["http", "https"]
    ) {
        self.blockedResourceTypes = blockedResourceTypes
        self.allowedSchemes = allowedSchemes
    }

    /// Whether `url`'s scheme is allowed (`about:blank`, where every tab starts, is too).
    public func allows(url: String) -> Bool {
        if url == "about:blank" { return true }
        guard let colon = url.firstIndex(of: ":") else { return false }
        return allowedSchemes.contains(url[..<colon].lowercased())
    }
}
