internal import CDocumentArena
internal import CLibXML2

/// The one place that initialises libxml2 and turns its diagnostics into Swift values.
enum LibXML2 {
    /// libxml2 must be initialised once, before any thread parses, to be thread-safe afterwards. Its
    /// allocator is chosen first, before it allocates anything: the document arena's (see
    /// ``HTMLDocument/arenaLargestMarkup``) unless `PRICEWATCH_PLAIN=arena` or the region cannot be reserved.
    private static let initialised: Bool = {
        let arena = FastPath.arena.isOn && pw_arena_setup() == 0
        if arena { xmlMemSetup(pw_arena_free, pw_arena_malloc, pw_arena_realloc, pw_arena_strdup) }
        xmlInitParser()
        return arena
    }()

    static func ensureInitialised() {
        _ = initialised
    }

    /// Whether libxml2 allocates through the document arena.
    static var arenaInstalled: Bool { initialised }

    static func hasEncoder(named name: String) -> Bool {
        ensureInitialised()
        guard let handler = xmlFindCharEncodingHandler(name) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }

    /// Runs `body` with libxml2's diagnostics for this thread captured instead of printed to stderr, and
    /// returns them alongside the result.
    static func capturingErrors<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
        let (result, diagnostics) = try capturingDiagnostics(body)
        return (result, diagnostics.map(\.message))
    }

    /// A diagnostic libxml2 raised: its message and, for XPath errors, the offset in the expression.
    struct Diagnostic {
        var message: String
        var offset: Int?
    }

    /// Like ``capturingErrors(_:)``, keeping each diagnostic's offset.
    static func capturingDiagnostics<T>(_ body: () throws -> T) rethrows -> (T, [Diagnostic]) {
        ensureInitialised()
        let collector = ErrorCollector()
        let context = Unmanaged.passRetained(collector)
        clibxml2_silence_errors()  // for the unstructured messages; structured ones go to the collector
        xmlSetStructuredErrorFunc(context.toOpaque()) { context, error in
            guard let context, let error else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
            collector.record(error.pointee)
        }
        defer {
            clibxml2_silence_errors()
            context.release()
        }
        let result = try body()
        return (result, collector.diagnostics)
    }

    /// Whether libxml2's `name` is `wanted`, byte for byte (libxml2's HTML parser lower-cases tag and attribute
    /// names, so callers pass lower case).
    static func name(_ name: UnsafePointer<xmlChar>?, is wanted: String) -> Bool {
        guard let name else { return false }
        return wanted.withCString { xmlStrEqual(name, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) != 0 }
    }

    /// Whether `node` is an element without a namespace named `name` (any name when nil), as an XPath name
    /// test such as `td` or `*` reads it.
    static func isElement(_ node: xmlNodePtr, named name: String? = nil) -> Bool {
        guard node.pointee.type == XML_ELEMENT_NODE, node.pointee.ns == nil else { return false }
        return name.map { Self.name(node.pointee.name, is: $0) } ?? true
    }

    /// An error's message without the newline libxml2 ends it with.
    static func message(of error: xmlError) -> String? {
        guard var text = error.message.map({ String(cString: $0) }) else { return nil }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }

    /// Copies a libxml2-owned string into Swift and frees it with libxml2's own allocator.
    static func takeString(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        defer { clibxml2_free(pointer) }
        return String(cString: pointer)
    }
}

/// Collects libxml2's structured errors raised on one thread during one call.
private final class ErrorCollector {
    private(set) var diagnostics: [LibXML2.Diagnostic] = []

    func record(_ error: xmlError) {
        guard diagnostics.count < 20 else { return }  // a broken page can raise thousands; a few explain it
        let text = LibXML2.message(of: error) ?? ""
        let line = error.line > 0 ? "line \(error.line): " : ""
        let offset = error.domain == Int32(XML_FROM_XPATH.rawValue) ? Int(error.int1) : nil
        diagnostics.append(LibXML2.Diagnostic(message: line + text, offset: offset))
    }
}
