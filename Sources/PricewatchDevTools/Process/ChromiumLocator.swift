import Foundation

/// Finds the Chromium binary to start: a configured path first, then `PRICEWATCH_CHROMIUM`, then the usual
/// names on `PATH`.
public enum ChromiumLocator {
    /// The names looked up on `PATH`, in order (Debian's package installs `chromium`).
    public static let names = ["chromium", "chromium-browser", "google-chrome"]
    /// The environment variable that names the binary.
    public static let environmentVariable = "PRICEWATCH_CHROMIUM"

    /// The path of the binary to start.
    ///
    /// - Parameters:
    ///   - configured: `defaults.render.browser` from `selectors.yml`, if set; wins over the environment.
    ///   - environment: the process environment (`PRICEWATCH_CHROMIUM`, `PATH`).
    /// - Throws: ``DevToolsError`` (`browserUnavailable`) naming the package to install and the alternative.
    public static func locate(configured: String?, environment: [String: String]) throws(DevToolsError) -> String {
        if let explicit = configured ?? environment[environmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            let source = configured != nil ? "defaults.render.browser" : environmentVariable
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw DevToolsError(
                    .browserUnavailable,
                    "\(source) names '\(explicit)', which is not an executable file; point it at Chromium "
                        + "(Debian package 'chromium': apt-get install chromium), or use 'render: http' for this target"
                )
            }
            return explicit
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in names {
            for folder in folders where !folder.isEmpty {
                let path = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        throw DevToolsError(
            .browserUnavailable,
            "Chromium was not found on PATH (looked for \(names.joined(separator: ", "))); install Debian's "
                + "'chromium' package (apt-get install chromium), set \(environmentVariable) or "
                + "defaults.render.browser to its path, or use 'render: http' for this target")
    }
}
