internal import CLinuxSystem
import Foundation

/// The process's malloc arenas, capped before any thread allocates.
///
/// glibc gives threads that allocate at the same time arenas of their own, up to eight per core, and each
/// arena keeps the pages its freed blocks came from. A check frees a ~70 KB page body on one thread after
/// another allocated it (fetch engine, extraction workers, the Swift concurrency pool), so every arena ends
/// up holding pages. Over 1,000 pages, one arena per core (two here) kept peak memory about 1 MB lower than
/// glibc's default; a single shared arena saved a little more but made the run ~15% slower, its lock taken
/// by both extraction workers at once.
enum MallocArenas {
    /// Caps glibc at one arena per core; must run before the first thread other than the main thread
    /// allocates, because glibc fixes the limit when it creates its second arena.
    static func limitToOnePerCore() {
        _ = clinux_limit_malloc_arenas(Int32(clamping: max(1, ProcessInfo.processInfo.activeProcessorCount)))
    }
}
