#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The hand-written fast paths that stay because the check benchmark shows what each one gains
/// (docs/bench.md). `PRICEWATCH_PLAIN=json,css` turns the named ones off, for `make bench` to measure them
/// against the plain way; the results are the same either way.
public enum FastPath: String, CaseIterable, Sendable {
    /// Every JSON document written and read by `PricewatchJSONCoding` (through the models' `Codable`
    /// conformances) instead of by Foundation's `JSONEncoder`/`JSONDecoder`, which write the same text.
    case json
    /// `.index.json` written in 64 KB pieces and read by hand instead of by the Foundation coders.
    case index
    /// One `syncfs(2)` at the end of a run instead of an `fsync` of every file it wrote and their folders.
    case syncfs
    /// CSS selectors and one-step XPath answered by walking the tree instead of by libxml2's XPath.
    case css
    /// A price text's words looked up in the keyword tables as packed ASCII (`ASCIIWord`) instead of as
    /// lower-cased `String`s split at `Character.isLetter`.
    case words
    /// `//x[p]` steps whose predicates ignore position compiled as `/descendant::x[p]`
    /// (`XPathDescendantRewrite`) instead of as written.
    case xpath
    /// With `scripts: auto`, the text of scripts and styles no rule reads blanked out before libxml2 parses
    /// the page (`RawTextStripper`) instead of parsed with the rest.
    case scripts
    /// libxml2's allocations while a page of up to 1 MB is parsed served from a per-document arena of 64 KB
    /// chunks (`CDocumentArena`), given back whole with the document, instead of malloc'd and freed one by one.
    case arena
    /// Record fingerprints (`ContentEncoder`) tell `String`, `String?` and `Int` by their type and find every
    /// other type's kind once per process, writing optionals, arrays and dictionaries through the protocol
    /// metatype found then, instead of casting every value to the content protocols.
    case fingerprint

    private static let turnedOff: Set<FastPath> = {
        guard let value = getenv("PRICEWATCH_PLAIN") else { return [] }
        return Set(String(cString: value).split(separator: ",").compactMap { FastPath(rawValue: String($0)) })
    }()

    /// Whether this fast path is on (it is unless `PRICEWATCH_PLAIN` names it).
    public var isOn: Bool { !Self.turnedOff.contains(self) }
}
