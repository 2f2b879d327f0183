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
    /// `M_ARENA_MAX` from glibc's `<malloc.h>`, which the Swift Glibc module does not import.
    private static let arenaMaxOption: Int32 = -8

    /// Caps glibc at one arena per core; must run before the first thread other than the main thread
    /// allocates, because glibc fixes the limit when it creates its second arena. Does nothing without glibc.
    static func limitToOnePerCore() {
        #if canImport(Glibc)
            // Looked up rather than imported: a C module for `<malloc.h>` made this target's debug build load
            // libxml2's ICU headers beside Foundation's, whose `UErrorCode` definitions clash.
            guard let program = dlopen(nil, RTLD_NOW) else { return }
            defer { dlclose(program) }
            guard let symbol = dlsym(program, "mallopt") else { return }
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            let cores = Int32(clamping: max(1, ProcessInfo.processInfo.activeProcessorCount))
            _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMaxOption, cores)
        #endif
    }
}
