import Foundation

/// Where tests, benchmarks and the demo find the repository and the shared fixtures beside it.
public enum TestLocations {
    /// The repository root: the folder holding `Package.swift` above this source file.
    public static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `../shared/fixtures` beside the repository: the real-looking pricing pages.
    public static let fixtures = repository.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
}

/// Runs `body` with a fresh folder under the system temporary directory, removed when `body` returns.
public func withTemporaryFolder(_ body: (URL) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pricewatch-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try await body(folder)
}
