/// One parser of untrusted bytes, as libFuzzer drives it: a name, where its seed inputs are, and a check
/// that runs one input and says what invariant it broke.
///
/// A target crashes (a trap, a sanitizer report) or throws ``FuzzFailure``; either is a finding. Every
/// finding becomes a file in `fuzz/regressions/<name>/`, which `PricewatchFuzzTargetsTests` replays on
/// every `make test`.
public struct FuzzTarget: Sendable {
    /// The name `make fuzz` and the `pricewatch-fuzz` driver know it by.
    public let name: String
    /// Folders of seed inputs, relative to the repository: `fuzz/seeds/<name>` and fixtures.
    public let seeds: [String]
    /// Runs one input; throws when an invariant does not hold.
    public let run: @Sendable ([UInt8]) throws(FuzzFailure) -> Void

    /// Creates a target.
    public init(
        name: String, seeds: [String] = [], run: @escaping @Sendable ([UInt8]) throws(FuzzFailure) -> Void
    ) {
        self.name = name
        self.seeds = ["fuzz/seeds/\(name)"] + seeds
        self.run = run
    }
}

/// An invariant a target checks that did not hold for an input.
public struct FuzzFailure: Error, CustomStringConvertible, Sendable {
    /// What went wrong, with the values involved.
    public let description: String

    /// Creates a failure.
    public init(_ description: String) { self.description = description }
}

/// Every fuzz target, in the order `make fuzz` runs them. Adding a target is one line here.
public enum FuzzTargets {
    /// The targets.
    public static let all: [FuzzTarget] = [
        .price, .date, .css, .encoding, .html, .rawText, .json, .record, .selectors, .slack, .auto,
    ]

    /// The target named `name`.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Fixture folders that hold pages: ours only (`../shared/fixtures/wild` holds other people's pages).
let pageFixtures = ["../shared/fixtures/costbench", "../shared/fixtures/lumalabs"]

/// Fails with `message` unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    if !condition { throw FuzzFailure(message()) }
}

/// The input as text the way page text reaches the parsers: decoded as UTF-8, invalid bytes repaired.
func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
