/// Where one target's snapshot files live, derived from a validated target id.
///
/// Ids come from `selectors.yml`, so they are checked before they become paths: no absolute paths, no `..`,
/// no characters a shell or another file system would trip over, and no segment that collides with the
/// files a target folder holds.
struct TargetPaths: Sendable {
    /// The names inside a target folder, and the files the snapshot folder's root holds (`last-seen.json`,
    /// `failures.json`; the others start with a dot, which no segment may); an id segment may not use them.
    static let reservedNames: Set<String> = [
        "latest.json", "page.html", "http.json", "history", "last-seen.json", "failures.json",
    ]
    /// Longer ids are almost certainly a mistake: with the folder's own path and a history file name they come
    /// close to the 255-byte limit many file systems put on a name, and they make unreadable reports.
    static let maximumIDLength = 100

    let folder: String
    var latest: String { folder + "/latest.json" }
    var page: String { folder + "/page.html" }
    var http: String { folder + "/http.json" }
    var historyFolder: String { folder + "/history" }

    /// The file of one history version: `history/000042.json`, so versions sort by name.
    func historyFile(_ version: Int) -> String {
        let digits = String(version)
        return historyFolder + "/" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".json"
    }

    /// The version number a history file name stands for, or nil for any other name.
    static func historyVersion(ofFileNamed name: String) -> Int? {
        guard name.hasSuffix(".json") else { return nil }
        let stem = name.dropLast(5)
        guard stem.count >= 6, stem.allSatisfy(\.isASCII), let version = Int(stem), version > 0 else { return nil }
        return version
    }

    init(root: String, id: String) throws {
        try Self.validate(id)
        folder = root + "/" + id
    }

    static func validate(_ id: String) throws {
        if let problem = problem(with: id) { throw SnapshotError.invalidTargetID(id, problem) }
    }

    /// Why an id cannot name a snapshot folder, or nil when it can.
    static func problem(with id: String) -> String? {
        guard !id.isEmpty else { return "it is empty" }
        guard id.utf8.count <= maximumIDLength else { return "it is longer than \(maximumIDLength) characters" }
        guard !id.hasPrefix("/") else { return "it is an absolute path; ids are relative to the snapshot folder" }
        for segment in id.split(separator: "/", omittingEmptySubsequences: false) {
            guard let first = segment.unicodeScalars.first else {
                return "it has an empty segment ('//' or a trailing '/')"
            }
            guard segment != ".." && segment != "." else { return "'\(segment)' segments are not allowed" }
            guard isLetterOrDigit(first) else { return "segment '\(segment)' must start with a letter or digit" }
            if let odd = segment.unicodeScalars.first(where: {
                !isLetterOrDigit($0) && !"._-".unicodeScalars.contains($0)
            }) {
                return "it contains the character '\(odd.escaped(asASCII: true))'"
            }
            guard !reservedNames.contains(String(segment)) else {
                return "'\(segment)' is reserved for snapshot files"
            }
        }
        return nil
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
