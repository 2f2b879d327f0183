import Foundation
import PricewatchCore
import PricewatchTestSupport
import Testing

/// `failures.json`: which targets are failing, and since when, across runs.
@Suite struct SnapshotFailuresTests {
    static func run(_ results: [(String, Report.Status, Change.Kind?)], at stamp: String) -> Report {
        Report(
            startedAt: stamp, finishedAt: stamp,
            targets: results.map { id, status, kind in
                Report.TargetResult(
                    id: id, url: nil, status: status,
                    changes: kind.map { [Change(target: id, kind: $0, message: "boom")] } ?? [],
                    error: status == .failed ? "boom at \(stamp)" : nil)
            })
    }

    @Test func aStreakKeepsItsStartUntilTheTargetSucceedsOrFailsAnotherWay() async throws {
        try await withTemporaryFolder { folder in
            let store = SnapshotStore(directory: folder, durability: .batched)
            #expect(try store.failures().isEmpty)
            try store.recordFailures(
                of: Self.run(
                    [("a", .failed, .fetchFailed), ("b", .failed, .extractionFailed), ("c", .unchanged, nil)],
                    at: "2026-01-01T00:00:00Z"), at: "2026-01-01T00:00:00Z")
            try store.recordFailures(
                of: Self.run(
                    [("a", .failed, .fetchFailed), ("b", .failed, .fetchFailed), ("c", .failed, nil)],
                    at: "2026-01-02T00:00:00Z"), at: "2026-01-02T00:00:00Z")
            var failures = try store.failures()
            #expect(
                failures["a"]
                    == TargetFailure(
                        kind: .fetch, since: "2026-01-01T00:00:00Z", lastFailed: "2026-01-02T00:00:00Z",
                        message: "boom at 2026-01-02T00:00:00Z"))
            #expect(failures["b"]?.kind == .fetch)
            #expect(failures["b"]?.since == "2026-01-02T00:00:00Z")
            #expect(failures["c"]?.kind == .snapshot)
            // A run of only some targets leaves the others as they were; success clears a target.
            try store.recordFailures(
                of: Self.run([("a", .changed, nil)], at: "2026-01-03T00:00:00Z"), at: "2026-01-03T00:00:00Z")
            failures = try store.failures()
            #expect(failures["a"] == nil)
            #expect(failures.keys.sorted() == ["b", "c"])
            try store.recordFailures(
                of: Self.run([("b", .unchanged, nil), ("c", .new, nil)], at: "2026-01-04T00:00:00Z"),
                at: "2026-01-04T00:00:00Z")
            #expect(try store.failures().isEmpty)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("failures.json").path))
            // The file is not a target.
            #expect(try store.targets().isEmpty)
        }
    }

    @Test func aCorruptFileIsReportedAndNotOverwritten() async throws {
        try await withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("failures.json")
            try Data("{\"a\": 1".utf8).write(to: file)
            let store = SnapshotStore(directory: folder)
            #expect(throws: SnapshotError.self) { try store.failures() }
            #expect(throws: SnapshotError.self) {
                try store.recordFailures(
                    of: Self.run([("a", .failed, .fetchFailed)], at: "2026-01-01T00:00:00Z"), at: "2026-01-01T00:00:00Z"
                )
            }
            #expect(try Data(contentsOf: file) == Data("{\"a\": 1".utf8))
        }
    }
}
