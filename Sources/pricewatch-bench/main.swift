import Foundation

// Benchmarks: figures, not pass/fail. Run with `make bench` (release build).
do {
    try await runFetchBenchmark()
} catch {
    print("\(error)")
    exit(1)
}
