import Foundation

/// Locations of the repository and the shared fixtures, found from this file's path.
enum TestPaths {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// `../shared/fixtures` beside the repository.
    static let fixtures = URL(fileURLWithPath: repository).deletingLastPathComponent()
        .appendingPathComponent("shared/fixtures").path

    static func fixture(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + relativePath)))
    }
}
