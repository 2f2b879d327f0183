import Testing

@testable import PricewatchHTML

/// The allocator libxml2 parses into: blocks keep their contents when moved, documents stay intact while
/// others come and go on other threads, and nothing libxml2 keeps after a parse points into a freed arena.
@Suite struct DocumentArenaTests {
    @Test func blocksKeepTheirBytesWhenTheyGrowOrMove() throws {
        let arena = DocumentArena()
        try arena.whileCurrent {
            let first = try #require(DocumentArena.allocate(100))
            first.initializeMemory(as: UInt8.self, repeating: 0xAB, count: 100)
            let second = try #require(DocumentArena.allocate(40))
            // `first` is no longer the last block, so growing it moves it.
            let moved = try #require(DocumentArena.reallocate(first, 5_000))
            #expect(moved != first)
            #expect(UnsafeRawBufferPointer(start: moved, count: 100).allSatisfy { $0 == 0xAB })
            // The last block grows where it is while its chunk has room, and keeps its bytes.
            moved.storeBytes(of: 0xCD, toByteOffset: 4_999, as: UInt8.self)
            let grown = try #require(DocumentArena.reallocate(moved, 9_000))
            #expect(grown == moved)
            #expect(grown.load(fromByteOffset: 4_999, as: UInt8.self) == 0xCD)
            // A block bigger than a quarter chunk gets a chunk of its own.
            let big = try #require(DocumentArena.reallocate(grown, 3 * ArenaState.chunkSize))
            #expect(UnsafeRawBufferPointer(start: big, count: 100).allSatisfy { $0 == 0xAB })
            big.initializeMemory(as: UInt8.self, repeating: 0x11, count: 3 * ArenaState.chunkSize)
            #expect(second != big)
            DocumentArena.free(second)
            DocumentArena.free(big)
            let copy = try #require(DocumentArena.duplicate("pricewatch"))
            #expect(String(cString: copy) == "pricewatch")
        }
    }

    @Test func blocksMadeOutsideAnArenaComeFromMallocAndCanBeFreedAnywhere() async throws {
        let block = try #require(DocumentArena.allocate(64))
        block.initializeMemory(as: UInt8.self, repeating: 7, count: 64)
        let grown = try #require(DocumentArena.reallocate(block, 1 << 20))
        #expect(UnsafeRawBufferPointer(start: grown, count: 64).allSatisfy { $0 == 7 })
        // Freed while an arena is current on this thread: still goes back to malloc.
        DocumentArena().whileCurrent { DocumentArena.free(grown) }
    }

    @Test func aBlockOfAnotherArenaMovesToMallocNotIntoTheCurrentArena() throws {
        let first = DocumentArena()
        let block = try #require(first.whileCurrent { DocumentArena.allocate(100) })
        block.initializeMemory(as: UInt8.self, repeating: 0x5A, count: 100)
        #expect(DocumentArena.isArenaBlock(block))
        // Were it moved into `second`, the first document would point into memory freed with the second.
        let moved = try #require(DocumentArena().whileCurrent { DocumentArena.reallocate(block, 50_000) })
        #expect(!DocumentArena.isArenaBlock(moved))
        #expect(UnsafeRawBufferPointer(start: moved, count: 100).allSatisfy { $0 == 0x5A })
        DocumentArena.free(moved)
        // Its own arena, current again, keeps it.
        let again = try #require(first.whileCurrent { DocumentArena.allocate(10) })
        let grown = try #require(first.whileCurrent { DocumentArena.reallocate(again, 200_000) })
        #expect(DocumentArena.isArenaBlock(grown))
    }

    @Test func pagesOfMegabytesParseThroughMalloc() throws {
        let small = try HTMLDocument(html: "<p>small</p>")
        let smallNode = try #require(try small.select("//p").first)
        #expect(DocumentArena.isArenaBlock(UnsafeMutableRawPointer(smallNode.pointer)))
        let rows = String(repeating: "<li>row</li>", count: DocumentArena.largestMarkup / 12 + 1)
        let large = try HTMLDocument(html: "<ul>\(rows)</ul><p>large</p>")
        let largeNode = try #require(try large.select("//p").first)
        #expect(!DocumentArena.isArenaBlock(UnsafeMutableRawPointer(largeNode.pointer)))
        #expect(largeNode.text == "large")
        #expect(try large.evaluate("count(//li)").text == String(DocumentArena.largestMarkup / 12 + 1))
    }

    @Test func aDocumentStaysIntactWhileOthersAreParsedAndFreed() throws {
        let page =
            "<main><h1>Kept</h1>" + String(repeating: "<li class=x>row &amp; more</li>", count: 2_000) + "</main>"
        let kept = try HTMLDocument(html: page)
        let before = try RawTextStripperTests.shape(of: kept)
        for index in 0..<300 {
            // Each one takes chunks, and gives them back for the next, while `kept` holds its own.
            _ = try HTMLDocument(html: "<p>other \(index)</p>" + String(repeating: "<b>filler</b>", count: 500))
        }
        let after = try RawTextStripperTests.shape(of: kept)
        #expect(before == after)
        #expect(after.elements.count > 2_000)
    }

    @Test func pagesParsedOnManyThreadsAtOnceMatchTheSameParseAlone() async throws {
        let root = "/" + "\(#filePath)".split(separator: "/").dropLast(3).joined(separator: "/") + "/../shared/fixtures"
        let pages = try [
            "costbench/kling-api.html", "costbench/fal-ai.html", "costbench/luma-dream-machine-api.html",
            "lumalabs/dream-machine-pricing.html",
        ].map { try readFile("\(root)/\($0)") }
        let alone = try pages.map { try RawTextStripperTests.shape(of: HTMLDocument(bytes: $0)) }
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mismatches = 0
                    for round in 0..<10 {
                        let index = (worker + round) % pages.count
                        let shape = try RawTextStripperTests.shape(of: HTMLDocument(bytes: pages[index]))
                        if shape != alone[index] { mismatches += 1 }
                    }
                    return mismatches
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func textAndAttributesLargerThanAChunkReadBackExactly() throws {
        let text = (0..<40_000).map { String($0 % 10) }.joined()
        let attribute = String(repeating: "€", count: 30_000)
        let document = try HTMLDocument(html: "<p title='\(attribute)'>\(text)</p><p>after</p>")
        #expect(try document.select("//p").map(\.text) == [text, "after"])
        #expect(try document.evaluate("string(//p/@title)").text == attribute)
    }

    @Test func errorsAfterAParseDoNotTouchItsFreedMemory() throws {
        // libxml2 keeps each thread's last error and frees its strings when the next error comes. A broken
        // page raises errors while its arena is current; once its chunks hold another page's text, the
        // next error on the thread must not reach into them (it would read text as a block header and stop
        // the process as a corrupt heap).
        let filler = String(repeating: "<b>" + String(repeating: "x", count: 200) + "</b>", count: 600)
        for round in 0..<50 {
            do {
                let broken = try HTMLDocument(html: "<nav><section><x-\(round)>unknown tags</nav></p></td>")
                #expect(try broken.select("//section").count == 1)
            }
            _ = try HTMLDocument(html: filler)
            #expect(throws: HTMLError.self) { try XPathExpression("//p[") }
            #expect(throws: HTMLError.self) { try HTMLDocument(html: "<p>x</p>").evaluate("nope(1)") }
        }
    }

    @Test func pagesInEncodingsLeftToLibxml2Parse() throws {
        // Shift_JIS goes through libxml2's own converters, which it allocates per parse.
        let bytes: [UInt8] =
            Array("<meta charset=\"shift_jis\"><p>".utf8) + [0x89, 0xBF, 0x8A, 0x69] + Array("</p>".utf8)
        for _ in 0..<50 {
            let document = try HTMLDocument(bytes: bytes)
            #expect(try document.select("//p").first?.text == "価格")
        }
    }
}
