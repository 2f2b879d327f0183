import Foundation
import PricewatchFuzzTargets
import PricewatchTestSupport
import Testing

/// Every input a fuzz target ever failed on (`fuzz/regressions/<target>/`) and every seed still passes the
/// target's checks: a finding fixed once stays fixed, and each target's invariants run on every `make test`.
@Suite struct FuzzRegressionTests {
    static let repository = TestLocations.repository

    /// The files of `folder` relative to the repository, or none when it does not exist.
    static func files(in folder: String) -> [URL] {
        let url = repository.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().map { url.appendingPathComponent($0) }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }

    @Test(arguments: FuzzTargets.all.map(\.name))
    func regressionsAndSeedsPass(target name: String) throws {
        let target = try #require(FuzzTargets.named(name))
        let inputs = Self.files(in: "fuzz/regressions/\(name)") + target.seeds.flatMap(Self.files(in:))
        #expect(!inputs.isEmpty, "no seeds for \(name): add some to fuzz/seeds/\(name)")
        for input in inputs {
            #expect(throws: Never.self, "\(input.path)") { try target.run(Array(try Data(contentsOf: input))) }
        }
    }

    @Test func everyTargetHasItsOwnSeedFolder() {
        for target in FuzzTargets.all {
            #expect(!Self.files(in: "fuzz/seeds/\(target.name)").isEmpty, "fuzz/seeds/\(target.name) is empty")
        }
    }
}
