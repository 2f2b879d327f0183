import Foundation

/// Makes untrusted page text safe inside Slack `mrkdwn`, where `<...>` is markup for links and mentions.
package enum SlackText {
    /// `text` with `&`, `<` and `>` replaced by entities, so `<!channel>`, `<@U123>` or
    /// `<http://evil|click>` from a page show as typed instead of pinging people or forging links.
    package static func escape(_ text: some StringProtocol) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        // By scalar, not by Character: a prepended mark such as U+0605 joins the `<` after it into one
        // grapheme cluster, which a Character comparison with "<" would let through unescaped.
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A link labelled with escaped `label`, or only the label when `url` is not a plain http(s) URL.
    ///
    /// A URL comes from the configuration or a page; one with `|`, `<`, `>`, spaces or control characters
    /// could change where the link points or what it says, so it is not linked at all.
    static func link(_ url: String?, label: String) -> String {
        let safeLabel = escape(label)
        guard let url, let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", parsed.host?.isEmpty == false,
            !url.unicodeScalars.contains(where: {
                $0.value <= 0x20 || $0.value == 0x7F || "|<>".unicodeScalars.contains($0)
            })
        else { return safeLabel }
        return "<\(url.replacingOccurrences(of: "&", with: "&amp;"))|\(safeLabel)>"
    }

    /// Splits escaped text into pieces of at most `limit` characters without cutting an entity in two.
    package static func chunks(of text: String, limit: Int) -> [String] {
        guard text.count > limit else { return [text] }
        var pieces: [String] = []
        var current = ""
        var unit = ""
        // An entity (`&amp;` and friends) moves as one unit with the characters it touches. Entities are
        // found by scalar: a prepended or combining mark can share a Character with its `&` or `;`.
        var entityLength: Int?
        for character in text {
            for scalar in character.unicodeScalars {
                if scalar == "&" {
                    entityLength = 0
                } else if let length = entityLength {
                    entityLength = scalar == ";" || length >= 5 ? nil : length + 1
                }
            }
            unit.append(character)
            guard entityLength == nil else { continue }
            if current.count + unit.count > limit && !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current += unit
            unit = ""
        }
        current += unit
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
