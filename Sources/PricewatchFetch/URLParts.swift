internal import CCurl

/// The scheme, host and port of a URL, parsed by libcurl's own URL parser so the fetcher judges a URL
/// exactly as the transfer will.
struct URLParts: Sendable, Hashable {
    /// The lower-case scheme (`http`, `https`, ...).
    let scheme: String
    /// The host name or address literal; empty for URLs without one (`file:///etc/passwd`).
    let host: String
    /// The port, explicit or the scheme's default.
    let port: Int

    /// The key per-host limits are counted under.
    var hostKey: String { "\(host):\(port)" }

    /// Whether the fetcher may transfer this URL at all.
    var isHTTP: Bool { scheme == "http" || scheme == "https" }

    /// Parses `url`; nil when it is not an absolute URL.
    init?(_ url: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        // Any scheme parses, so a `gopher:` URL is reported as a disallowed protocol, not as malformed.
        guard curl_url_set(handle, CURLUPART_URL, url, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK,
            let scheme = Self.part(CURLUPART_SCHEME, of: handle)
        else { return nil }
        self.scheme = scheme.lowercased()
        self.host = Self.part(CURLUPART_HOST, of: handle)?.lowercased() ?? ""
        self.port = Self.part(CURLUPART_PORT, of: handle).flatMap { Int($0) } ?? 0
    }

    private static func part(_ part: CURLUPart, of handle: OpaquePointer) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, UInt32(CURLU_DEFAULT_PORT)) == CURLUE_OK, let value else {
            return nil
        }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
