internal import CLibPQ

/// Where a PostgreSQL database is: a `postgres://` / `postgresql://` URL or a libpq `key=value` string.
///
/// The text may hold a password, so it is kept out of every message: ``description`` masks it, and
/// ``scrub(_:)`` removes it from any text (a server or libpq message) before that is shown.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// The text as given, password included: for libpq only, never for printing.
    let connectionString: String
    /// The password it holds, decoded as libpq reads it, for ``scrub(_:)``.
    private let password: String?

    /// Reads a store location; nil when the text is not a PostgreSQL one (it is then a snapshot folder's path).
    ///
    /// URLs are recognised by their scheme. Anything else must parse as libpq `key=value` pairs with at least
    /// one pair, so a folder named `a=b` is only taken for a database when `a` is a libpq keyword.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        let isURL = lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
        guard isURL || text.contains("=") else { return nil }
        guard let options = Self.parse(text) else {
            // A malformed URL is still meant for PostgreSQL: connecting reports what libpq found wrong.
            guard isURL else { return nil }
            self.init(connectionString: text, password: nil)
            return
        }
        self.init(connectionString: text, password: options["password"])
    }

    private init(connectionString: String, password: String?) {
        self.connectionString = connectionString
        self.password = password.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The location with its password replaced by `***`, in the form it was given.
    public var description: String {
        scrub(ConnectionStringMask.masked(connectionString))
    }

    /// `text` with every occurrence of the password replaced by `***`.
    public func scrub(_ text: String) -> String {
        guard let password else { return text }
        return text.replacing(password, with: "***")
    }

    /// libpq's reading of a conninfo string or URL: each option that has a value, or nil when it does not parse.
    private static func parse(_ text: String) -> [String: String]? {
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &message) else {
            if let message { PQfreemem(message) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var found: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { found[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return found
    }
}

/// Masks the password in a connection string, keeping the rest as written.
enum ConnectionStringMask {
    /// `postgres://user:secret@host/db?password=x` → `postgres://user:***@host/db?password=***`, and
    /// `host=h password='a b'` → `host=h password=***`.
    static func masked(_ text: String) -> String {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") { return maskedURL(text) }
        return maskedPairs(text)
    }

    /// The user information ends at the first `@` or `/`, as libpq reads it; the password follows its `:`.
    private static func maskedURL(_ text: String) -> String {
        var characters = Array(text)
        guard let schemeEnd = text.range(of: "://") else { return text }
        let start = text.distance(from: text.startIndex, to: schemeEnd.upperBound)
        var index = start
        while index < characters.count, characters[index] != "@", characters[index] != "/" { index += 1 }
        if index < characters.count, characters[index] == "@",
            let colon = characters[start..<index].firstIndex(of: ":")
        {
            characters.replaceSubrange((colon + 1)..<index, with: "***")
        }
        guard let question = characters.firstIndex(of: "?") else { return String(characters) }
        var parameters = String(characters[(question + 1)...]).split(separator: "&", omittingEmptySubsequences: false)
            .map(String.init)
        for (offset, parameter) in parameters.enumerated() where parameter.lowercased().hasPrefix("password=") {
            parameters[offset] = "password=***"
        }
        return String(characters[...question]) + parameters.joined(separator: "&")
    }

    /// Walks `key = value` pairs as libpq does (values may be single-quoted with backslash escapes).
    private static func maskedPairs(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        func isSpace(_ character: Character) -> Bool { character.isWhitespace }
        while index < characters.count {
            // Spaces, then the key up to '=' or a space.
            while index < characters.count, isSpace(characters[index]) {
                output.append(characters[index])
                index += 1
            }
            var key = ""
            while index < characters.count, characters[index] != "=", !isSpace(characters[index]) {
                key.append(characters[index])
                index += 1
            }
            output += key
            while index < characters.count, characters[index] != "=" {
                output.append(characters[index])
                index += 1
            }
            guard index < characters.count else { break }
            output.append("=")
            index += 1
            while index < characters.count, isSpace(characters[index]) {
                output.append(characters[index])
                index += 1
            }
            let valueStart = index
            if index < characters.count, characters[index] == "'" {
                index += 1
                while index < characters.count, characters[index] != "'" {
                    index += characters[index] == "\\" ? 2 : 1
                }
                index = min(index + 1, characters.count)
            } else {
                while index < characters.count, !isSpace(characters[index]) {
                    index += characters[index] == "\\" ? 2 : 1
                }
                index = min(index, characters.count)
            }
            output += key.lowercased() == "password" ? "***" : String(characters[valueStart..<index])
        }
        return output
    }
}
