/// Escaping for everything written into the report: text from pages is untrusted.
enum HTMLText {
    /// `text` safe inside an element and inside a double- or single-quoted attribute value: `&`, `<`, `>`,
    /// `"` and `'` become character references, and NUL (which HTML parsers replace or drop) becomes U+FFFD.
    static func escaped(_ text: String) -> String {
        // Most text needs nothing: scan the bytes before building anything.
        guard text.utf8.contains(where: needsEscaping) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == 0
    }

    /// The URL when it may become a link: it starts with `http://` or `https://` (any case) and holds no
    /// whitespace or control character. Browsers strip such characters before reading a scheme, so
    /// `java\tscript:` would otherwise slip through; anything else is shown as text only.
    static func linkableURL(_ url: String?) -> String? {
        guard let url, !url.unicodeScalars.contains(where: { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) })
        else { return nil }
        let lowered = url.lowercased()
        let scheme = ["http://", "https://"].first { lowered.hasPrefix($0) }
        // Something must follow the scheme: a host.
        guard let scheme, url.utf8.count > scheme.utf8.count else { return nil }
        return url
    }
}

/// The report's HTML as it is written: markup the report itself spells is appended as is, page text only
/// through ``text(_:)`` and ``attribute(_:_:)``, which escape it.
struct HTMLBuffer {
    private(set) var html = ""

    init(capacity: Int = 0) {
        html.reserveCapacity(capacity)
    }

    /// Appends markup written by the report itself (never page text).
    mutating func markup(_ fragment: String) {
        html += fragment
    }

    /// Appends text as an element's content, escaped.
    mutating func text(_ text: String) {
        html += HTMLText.escaped(text)
    }

    /// Appends ` name="value"` with the value escaped.
    mutating func attribute(_ name: String, _ value: String) {
        html += " \(name)=\""
        html += HTMLText.escaped(value)
        html += "\""
    }

    /// Appends `<tag class="…">text</tag>` with the text escaped.
    mutating func element(_ tag: String, class className: String? = nil, _ text: String) {
        html += className.map { "<\(tag) class=\"\($0)\">" } ?? "<\(tag)>"
        html += HTMLText.escaped(text)
        html += "</\(tag)>"
    }

    /// Appends a link when the URL is http(s), else the URL as plain text.
    mutating func link(_ url: String?, label: String? = nil) {
        guard let url else { return }
        if let safe = HTMLText.linkableURL(url) {
            markup("<a rel=\"noopener noreferrer\"")
            attribute("href", safe)
            markup(">")
            text(label ?? url)
            markup("</a>")
        } else {
            element("span", class: "url", label.map { "\($0) (\(url))" } ?? url)
        }
    }

    /// Appends `<time datetime="stamp">shown</time>`.
    mutating func time(_ stamp: String, _ shown: String) {
        markup("<time")
        attribute("datetime", stamp)
        markup(">")
        text(shown)
        markup("</time>")
    }
}
