internal import CLibXML2

/// The one place that initialises libxml2 and turns its diagnostics into Swift values.
enum LibXML2 {
    /// libxml2 must be initialised once, before any thread parses, to be thread-safe afterwards.
    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }

    static func hasEncoder(named name: String) -> Bool {
        ensureInitialised()
        guard let handler = xmlFindCharEncodingHandler(name) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }

    /// Runs `body` with libxml2's diagnostics for this thread captured instead of printed to stderr, and
    /// returns them alongside the result.
    static func capturingErrors<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
        ensureInitialised()
        let collector = ErrorCollector()
        let context = Unmanaged.passRetained(collector)
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
        return (result, collector.messages)
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
    private(set) var messages: [String] = []
    /// The error positions within an XPath expression, when the error came from the XPath compiler.
    private(set) var positions: [Int] = []

    func record(_ error: xmlError) {
        guard messages.count < 20 else { return }  // a broken page can raise thousands; a few explain it
        var text = error.message.map { String(cString: $0) } ?? ""
        while text.last?.isWhitespace == true { text.removeLast() }
        let line = error.line > 0 ? "line \(error.line): " : ""
        messages.append(line + text)
    }
}
