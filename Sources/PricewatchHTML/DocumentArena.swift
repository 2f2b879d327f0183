internal import CLibXML2
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The memory libxml2 allocates while one document is parsed, taken from a few large chunks and given back
/// in one piece when the document is freed.
///
/// Parsing a page makes thousands of small allocations (a node, its name, its text, its attributes) that
/// all live exactly as long as the document; through malloc they cost about a third of the parse, and as
/// much again to free one by one. libxml2's allocator is process-wide (`xmlMemSetup`), so it is replaced
/// once, before libxml2 is initialised, by functions that serve the calling thread's current arena when it
/// has one and malloc otherwise. Every block starts with a 16-byte header saying which it came from, so a
/// block can be freed or reallocated on any thread, at any time: freeing an arena block does nothing (its
/// chunk goes when the document goes), freeing a malloc block frees it.
///
/// What makes this sound: only a document's own parse runs with its arena current, and nothing libxml2
/// keeps after the parse may point into it, except the document. The one thing it does keep, the thread's
/// last error, is cleared before the parse returns (see ``whileCurrent(_:)``).
final class DocumentArena {
    /// The most markup, in bytes, parsed into an arena.
    static let largestMarkup = 2 << 20

    private let state: UnsafeMutablePointer<ArenaState>

    init() {
        LibXML2.ensureInitialised()  // installs the allocator, then initialises libxml2 outside any arena
        state = .allocate(capacity: 1)
        state.initialize(to: ArenaState())
    }

    /// Runs `parse` with this arena serving libxml2's allocations on the calling thread.
    ///
    /// The thread's last libxml2 error is cleared before this returns: libxml2 copies each error's strings
    /// into it, and freeing them on the next error would read memory this arena may have given back.
    /// Read `xmlGetLastError()` inside `parse` if it is needed.
    func whileCurrent<T>(_ parse: () throws -> T) rethrows -> T {
        // Touching the thread's libxml2 globals first makes libxml2 create them now, outside the arena, if
        // this thread has none yet: they outlive every document.
        xmlResetLastError()
        let previous = pthread_getspecific(currentArenaKey)
        pthread_setspecific(currentArenaKey, state)
        defer {
            xmlResetLastError()
            pthread_setspecific(currentArenaKey, previous)
        }
        return try parse()
    }

    deinit {
        state.pointee.releaseChunks()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: - The allocator libxml2 calls

    /// Installs the allocator once per process; ``LibXML2`` initialises libxml2 only after this.
    static let installed = Installation()

    struct Installation: Sendable {
        fileprivate init() {
            guard pthread_key_create(&currentArenaKey, nil) == 0 else {
                fatalError("pricewatch: no thread-local key left for libxml2's allocator")
            }
            xmlMemSetup(
                { pointer in DocumentArena.free(pointer) },
                { size in DocumentArena.allocate(size) },
                { pointer, size in DocumentArena.reallocate(pointer, size) },
                { string in DocumentArena.duplicate(string) })
        }

        func ensure() {}
    }

    private static var current: UnsafeMutablePointer<ArenaState>? {
        pthread_getspecific(currentArenaKey)?.assumingMemoryBound(to: ArenaState.self)
    }

    static func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        if let arena = current { return arena.pointee.allocate(size) }
        return allocateFromMalloc(size)
    }

    private static func allocateFromMalloc(_ size: Int) -> UnsafeMutableRawPointer? {
        guard let base = Glibc.malloc(BlockHeader.size + size) else { return nil }
        return BlockHeader.stamp(base, size: size, origin: BlockHeader.fromMalloc)
    }

    static func free(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        switch BlockHeader.origin(of: pointer) {
        case BlockHeader.fromMalloc: Glibc.free(BlockHeader.base(of: pointer))
        case BlockHeader.fromArena: current?.pointee.giveBack(pointer)  // the chunk goes with its document
        default: BlockHeader.corrupt(pointer)
        }
    }

    static func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
        guard let pointer else { return allocate(size) }
        switch BlockHeader.origin(of: pointer) {
        case BlockHeader.fromMalloc:
            guard let base = Glibc.realloc(BlockHeader.base(of: pointer), BlockHeader.size + size) else { return nil }
            return BlockHeader.stamp(base, size: size, origin: BlockHeader.fromMalloc)
        case BlockHeader.fromArena:
            // A block stays in its own arena only while that arena is current; any other block that must
            // move goes to malloc, so no document ever points into another document's arena.
            let own = current.flatMap { $0.pointee.owns(pointer) ? $0 : nil }
            if let own, own.pointee.grow(pointer, to: size) { return pointer }
            let oldSize = BlockHeader.size(of: pointer)
            if size <= oldSize {
                BlockHeader.setSize(of: pointer, to: size)
                return pointer
            }
            guard let moved = own.map({ $0.pointee.allocate(size) }) ?? allocateFromMalloc(size) else { return nil }
            moved.copyMemory(from: pointer, byteCount: oldSize)
            return moved
        default:
            BlockHeader.corrupt(pointer)
        }
    }

    /// Whether an arena (rather than malloc) made a block libxml2 was given.
    static func isArenaBlock(_ pointer: UnsafeMutableRawPointer) -> Bool {
        BlockHeader.origin(of: pointer) == BlockHeader.fromArena
    }

    static func duplicate(_ string: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
        guard let string else { return nil }
        let length = strlen(string) + 1
        guard let copy = allocate(length) else { return nil }
        copy.copyMemory(from: string, byteCount: length)
        return copy.assumingMemoryBound(to: CChar.self)
    }
}

/// The key of the thread's current arena (an `UnsafeMutablePointer<ArenaState>`). Set once, by
/// ``DocumentArena/Installation``, before libxml2 allocates anything; only read after that. A `static let`
/// would be as safe, but its lazy initialisation check ran on every one of libxml2's allocations, and so
/// would Swift's dynamic exclusivity check on a global `var`, which is switched off for this one: nothing
/// writes it once reads begin.
@exclusivity(unchecked) nonisolated(unsafe) private var currentArenaKey = pthread_key_t()

/// The 16 bytes in front of every block libxml2 gets: its size, and whether malloc or an arena made it.
private enum BlockHeader {
    static let size = 16
    static let fromMalloc: UInt64 = 0x6D61_6C6C_6F63_0001  // "malloc"
    static let fromArena: UInt64 = 0x6172_656E_6100_0002  // "arena"

    static func stamp(_ base: UnsafeMutableRawPointer, size: Int, origin: UInt64) -> UnsafeMutableRawPointer {
        base.storeBytes(of: UInt64(size), as: UInt64.self)
        base.storeBytes(of: origin, toByteOffset: 8, as: UInt64.self)
        return base + Self.size
    }

    static func base(of block: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer { block - size }
    static func origin(of block: UnsafeMutableRawPointer) -> UInt64 { block.load(fromByteOffset: -8, as: UInt64.self) }
    static func size(of block: UnsafeMutableRawPointer) -> Int { Int(block.load(fromByteOffset: -16, as: UInt64.self)) }

    static func setSize(of block: UnsafeMutableRawPointer, to size: Int) {
        block.storeBytes(of: UInt64(size), toByteOffset: -16, as: UInt64.self)
    }

    static func corrupt(_ block: UnsafeMutableRawPointer) -> Never {
        fatalError("pricewatch: libxml2 freed memory it did not allocate (\(block)); the heap is corrupt")
    }
}

/// A document's chunks and where the next block goes. Plain memory, no reference counting: the allocator
/// runs thousands of times per page.
struct ArenaState {
    /// Chunks are this big, except those made for one block too big to share one.
    static let chunkSize = 64 * 1024
    private static let chunkHeader = 16
    private static let spare = ChunkPool()

    /// The newest chunk; each chunk starts with the address of the one before and its own size.
    private var newestChunk: UnsafeMutableRawPointer?
    private var cursor: UnsafeMutableRawPointer?
    private var limit: UnsafeMutableRawPointer?
    /// The block handed out last, which can still grow or be taken back in place.
    private var lastBlock: UnsafeMutableRawPointer?

    mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        let needed = BlockHeader.size + Self.rounded(size)
        if let cursor, let limit, limit - cursor >= needed {
            return place(size, at: cursor, advancingTo: cursor + needed)
        }
        if needed > Self.chunkSize / 4 {
            // Too big to share a chunk (a large text node, the input buffer): a chunk of its own, leaving the
            // current chunk's free space for the small blocks that follow.
            guard let chunk = Glibc.malloc(Self.chunkHeader + needed) else { return nil }
            link(chunk, size: Self.chunkHeader + needed)
            return BlockHeader.stamp(chunk + Self.chunkHeader, size: size, origin: BlockHeader.fromArena)
        }
        guard let chunk = Self.spare.take() ?? Glibc.malloc(Self.chunkSize) else { return nil }
        link(chunk, size: Self.chunkSize)
        limit = chunk + Self.chunkSize
        return place(size, at: chunk + Self.chunkHeader, advancingTo: chunk + Self.chunkHeader + needed)
    }

    /// Grows the last block handed out where it is, when its chunk has room; false otherwise.
    mutating func grow(_ block: UnsafeMutableRawPointer, to size: Int) -> Bool {
        guard block == lastBlock, let limit, limit - block >= Self.rounded(size) else { return false }
        BlockHeader.setSize(of: block, to: size)
        cursor = block + Self.rounded(size)
        return true
    }

    /// Whether `block` lies in one of this arena's chunks.
    func owns(_ block: UnsafeMutableRawPointer) -> Bool {
        var chunk = newestChunk
        while let current = chunk {
            if block > current, block < current + current.load(fromByteOffset: 8, as: Int.self) { return true }
            chunk = current.load(as: UnsafeMutableRawPointer?.self)
        }
        return false
    }

    /// Takes back the last block handed out (libxml2 often frees a scratch buffer right after using it).
    mutating func giveBack(_ block: UnsafeMutableRawPointer) {
        guard block == lastBlock else { return }
        cursor = BlockHeader.base(of: block)
        lastBlock = nil
    }

    func releaseChunks() {
        var chunk = newestChunk
        while let current = chunk {
            chunk = current.load(as: UnsafeMutableRawPointer?.self)
            let size = current.load(fromByteOffset: 8, as: Int.self)
            if size != Self.chunkSize || !Self.spare.keep(current) { Glibc.free(current) }
        }
    }

    private mutating func place(
        _ size: Int, at base: UnsafeMutableRawPointer, advancingTo next: UnsafeMutableRawPointer
    ) -> UnsafeMutableRawPointer {
        cursor = next
        let block = BlockHeader.stamp(base, size: size, origin: BlockHeader.fromArena)
        lastBlock = block
        return block
    }

    private mutating func link(_ chunk: UnsafeMutableRawPointer, size: Int) {
        chunk.storeBytes(of: newestChunk, as: UnsafeMutableRawPointer?.self)
        chunk.storeBytes(of: size, toByteOffset: 8, as: Int.self)
        newestChunk = chunk
    }

    private static func rounded(_ size: Int) -> Int { (size + 15) & ~15 }
}

/// Chunks of finished documents, kept for the next ones so that each page does not cost malloc a 64 KB
/// allocation and free per chunk. Bounded, so a run's memory does not grow with its largest page.
private final class ChunkPool: Sendable {
    private static let limit = 16
    private let chunks = Mutex<[UInt]>([])

    func take() -> UnsafeMutableRawPointer? {
        chunks.withLock { $0.popLast() }.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
    }

    func keep(_ chunk: UnsafeMutableRawPointer) -> Bool {
        chunks.withLock { chunks in
            guard chunks.count < Self.limit else { return false }
            chunks.append(UInt(bitPattern: chunk))
            return true
        }
    }
}
