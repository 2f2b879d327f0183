import Foundation
import PricewatchFetch

/// A header sent with a target's requests (`headers:` under a target or `defaults.fetch`), its value
/// written in the file or, for credentials, read from an environment variable so it never appears in the
/// file, snapshots, reports or logs.
public struct HeaderSetting: Sendable, Hashable {
    /// Where the value comes from.
    public enum Source: Sendable, Hashable {
        /// The text in `selectors.yml`, for headers that are no secret (`Accept-Language: en`).
        case text(String)
        /// The environment variable holding the value (`{env: PRICING_TOKEN}`); the value is a secret.
        case environment(String)
    }

    /// The field name as written.
    public var name: String
    /// Where the value comes from.
    public var source: Source

    /// A header setting.
    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }

    /// Names pricewatch sets itself, with the key that controls them when there is one.
    static let managedNames: [String: String] = [
        "host": "the URL's host", "content-length": "", "transfer-encoding": "", "connection": "",
        "accept-encoding": "", "if-none-match": "", "if-modified-since": "", "user-agent": "user_agent",
    ]

    /// Names whose values are credentials, which must come from the environment.
    static func isCredential(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["authorization", "proxy-authorization", "cookie"].contains(lower)
            || ["token", "secret", "key", "auth", "password", "session"].contains(where: lower.contains)
    }
}

/// A header whose environment variable is not set, found before the target's page is requested.
public struct HeaderEnvironmentError: Error, Sendable, CustomStringConvertible {
    /// The header's name.
    public let header: String
    /// The unset variable.
    public let variable: String

    public var description: String {
        "header \(header) takes its value from the environment variable \(variable), which is not set; export"
            + " \(variable) before the run (the request was not sent)"
    }
}

extension Target {
    /// The request for this target: its URL, with `defaults` headers overridden by its own (by name,
    /// case-insensitively) and values read from `environment` (the process's when nil); secret values are
    /// marked so nothing prints them.
    ///
    /// - Throws: ``HeaderEnvironmentError`` when a header's variable is unset or empty.
    public func fetchRequest(
        defaultHeaders: [HeaderSetting], environment: [String: String]? = nil
    ) throws(HeaderEnvironmentError) -> FetchRequest {
        let own = Set(headers.map { $0.name.lowercased() })
        var fields: [HTTPHeader] = []
        for setting in defaultHeaders.filter({ !own.contains($0.name.lowercased()) }) + headers {
            switch setting.source {
            case .text(let value): fields.append(HTTPHeader(name: setting.name, value: value))
            case .environment(let variable):
                // The process's environment is read only for a header that names a variable: building its
                // dictionary for every target was 5% of a check of 1,000 targets.
                let value =
                    if let environment { environment[variable] } else { ProcessInfo.processInfo.environment[variable] }
                guard let value, !value.isEmpty else {
                    throw HeaderEnvironmentError(header: setting.name, variable: variable)
                }
                fields.append(HTTPHeader(name: setting.name, value: value, isSecret: true))
            }
        }
        return FetchRequest(id: id, url: url, headers: fields)
    }
}

extension YAMLReader {
    /// A `headers:` mapping of field name → text or `{env: VARIABLE}`.
    func headerSettings() throws(ConfigurationError) -> [HeaderSetting] {
        var settings: [HeaderSetting] = []
        for (name, value) in try mapping() {
            let isToken =
                !name.isEmpty
                && name.utf8.allSatisfy { byte in
                    byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?={}".utf8.contains(byte)
                }
            guard isToken else { throw value.error("'\(name)' is not an HTTP header name") }
            if let managed = HeaderSetting.managedNames[name.lowercased()] {
                let instead = managed.isEmpty ? "" : "; set \(managed) instead"
                throw value.error("pricewatch sets the \(name) header itself\(instead)")
            }
            if case .mapping = value.node {
                let entries = try value.mapping(allowed: ["env"])
                let variable = try value.required("env", in: entries).environmentVariableName()
                settings.append(HeaderSetting(name: name, source: .environment(variable)))
                continue
            }
            // Never echoed: the value may be a pasted credential.
            let text = try value.nonEmptyString()
            guard !HeaderSetting.isCredential(name) else {
                throw value.error(
                    "a \(name) header is a credential: keep it out of the file and read it from the environment,"
                        + " e.g. \(name): {env: PRICING_TOKEN} with PRICING_TOKEN exported before the run")
            }
            guard !text.contains(where: { $0 == "\r" || $0 == "\n" }) else {
                throw value.error("a header value must be one line")
            }
            settings.append(HeaderSetting(name: name, source: .text(text)))
        }
        return settings
    }

    /// A target's `url`: http or https, with a host, no spaces, and no user name or password (which would be
    /// stored and printed with the URL).
    func targetURL() throws(ConfigurationError) -> String {
        let url = try nonEmptyString()
        let shown = URLCredentials.hidingCredentials(in: url)
        // Visible ASCII has neither; only a URL with other bytes is read character by character.
        let visibleASCII = url.utf8.allSatisfy { (0x21...0x7E).contains($0) }
        if !visibleASCII
            && url.contains(where: { $0.isWhitespace || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) })
        {
            throw error("'\(shown)' contains a space or control character; percent-encode it (a space is %20)")
        }
        let parsed = URL(string: url)
        guard let scheme = parsed?.scheme?.lowercased(), scheme == "http" || scheme == "https",
            parsed?.host?.isEmpty == false
        else {
            throw error("'\(shown)' is not an http(s) URL")
        }
        if URLCredentials.present(in: url) {
            throw error(
                "'\(shown)' has a user name or password in it, which would be stored and printed with the URL;"
                    + " remove it and send the credentials in a header read from the environment, e.g."
                    + " headers: {Authorization: {env: PRICING_TOKEN}} with PRICING_TOKEN=\"Basic <base64 of"
                    + " user:password>\" exported before the run")
        }
        return url
    }

    /// A target's `ignore:` list, checked against the fields the differ knows for the target's site: record
    /// fields, the site's price fields and `extras.<name>` for its extras.
    func ignoredFieldNames(site: SiteRules?) throws(ConfigurationError) -> [String] {
        let names = try stringList()
        guard let site else { return names }
        let prices = site.plans?.prices.map(\.field) ?? []
        let extras = site.extras.map { "extras.\($0.name)" }
        let known = DiffOptions.recordFieldNames.sorted() + prices + extras
        for name in names where !known.contains(name) {
            throw error(
                "'\(name)' is not a field of site '\(site.name)'; ignore one of: \(known.joined(separator: ", "))")
        }
        return names
    }
}
