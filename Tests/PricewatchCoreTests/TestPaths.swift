import Foundation
import PricewatchTestSupport

/// The repository and shared fixtures as paths, for the core tests.
enum TestPaths {
    static let repository = TestLocations.repository.path

    /// `../shared/fixtures` beside the repository.
    static let fixtures = TestLocations.fixtures.path

    static func fixture(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + relativePath)))
    }
}
