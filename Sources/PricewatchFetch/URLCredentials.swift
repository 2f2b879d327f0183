/// Credentials written into URLs (`https://user:pass@host/`): found, refused and hidden.
///
/// A password in a URL leaks wherever the URL is shown, so configuration refuses such URLs and every URL the
/// fetcher prints (request URLs, redirect targets, libcurl's messages) goes through
/// ``hidingCredentials(in:)``.
public enum URLCredentials {
    /// What replaces the user name and password.
    public static let placeholder = "[redacted]"

    /// Whether `url` carries a user name or password before its host.
    public static func present(in url: String) -> Bool {
        // Userinfo ends at an `@`; most URLs have none, and looking for authorities costs more than this.
        url.utf8.contains(UInt8(ascii: "@")) && authorities(in: url).contains { $0.userinfoEnd != nil }
    }

    /// `text` with the user name and password of every URL in it replaced by ``placeholder``:
    /// `https://user:pass@host/x` reads `https://[redacted]@host/x`. Text without `@` is returned as is.
    public static func hidingCredentials(in text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        var result = ""
        var copied = text.startIndex
        for authority in authorities(in: text) {
            guard let userinfoEnd = authority.userinfoEnd else { continue }
            result += text[copied..<authority.start] + placeholder
            copied = userinfoEnd
        }
        return result + text[copied...]
    }

    /// Each `scheme://` authority in `text`: where it starts and, when it has userinfo, the index of its last `@`.
    private static func authorities(in text: String) -> [(start: String.Index, userinfoEnd: String.Index?)] {
        var found: [(start: String.Index, userinfoEnd: String.Index?)] = []
        var rest = text[...]
        while let separator = rest.range(of: "://") {
            let start = separator.upperBound
            // The authority ends where the path, query or fragment starts, or the URL ends in prose.
            let end = text[start...].firstIndex { "/?#\\ \t\r\n\"'<>".contains($0) } ?? text.endIndex
            found.append((start, text[start..<end].lastIndex(of: "@")))
            rest = text[end...]
        }
        return found
    }
}
