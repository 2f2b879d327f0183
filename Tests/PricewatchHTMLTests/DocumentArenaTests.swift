import CDocumentArena
import Foundation
import Testing

@testable import PricewatchHTML

/// The `arena` fast path: a small page's tree is parsed into a per-document arena (`CDocumentArena`) that
/// goes with its document; a large page's comes from malloc. `FastPathCommandTests` runs a check with it off.
@Suite struct DocumentArenaTests {
    static func page(_ index: Int, filler: Int = 0) -> String {
        "<html><body><h1 id='p\(index)'>Page \(index)</h1>"
            + String(repeating: "<div class='f'><p>filler text</p></div>", count: filler)
            + (0..<50).map { "<div class='plan'><h2>Plan \($0)</h2><span>$\(index + $0)</span></div>" }.joined()
            + "</body></html>"
    }

    @Test func aSmallPagesTreeIsInTheArenaAndALargePagesIsNot() throws {
        try #require(LibXML2.arenaInstalled, "the arena is on unless PRICEWATCH_PLAIN=arena")
        let small = try HTMLDocument(html: Self.page(1))
        let root = try #require(small.root)
        #expect(pw_arena_owns(UnsafeRawPointer(root.pointer)) == 1)
        let large = try HTMLDocument(html: Self.page(2, filler: 30_000))
        #expect(Self.page(2, filler: 30_000).utf8.count > HTMLDocument.arenaLargestMarkup)
        let largeRoot = try #require(large.root)
        #expect(pw_arena_owns(UnsafeRawPointer(largeRoot.pointer)) == 0)
        #expect(try large.select("//h1").first?.text == "Page 2")
        // What is allocated after the parse (a text copied by libxml2) comes from malloc either way.
        #expect(try small.select("//h1/@id").first?.text == "p1")
    }

    @Test func documentsOutliveEachOtherInAnyOrderOnAnyThread() async throws {
        // Chunks given back by one document are taken by the next: the live ones must still read right.
        let documents = try await withThrowingTaskGroup(of: (Int, Handed).self) { group in
            for index in 0..<64 {
                group.addTask {
                    (index, Handed(document: try HTMLDocument(html: Self.page(index, filler: index * 40))))
                }
            }
            var documents: [Int: HTMLDocument] = [:]
            for try await (index, handed) in group { documents[index] = handed.document }
            return documents
        }
        var kept = documents
        for index in stride(from: 0, to: 64, by: 3) { kept[index] = nil }  // freed while the others live
        let again = try (0..<16).map { try HTMLDocument(html: Self.page(100 + $0, filler: 200)) }
        for (index, document) in kept {
            #expect(try document.select("//h1").first?.text == "Page \(index)")
            #expect(try document.select("//div[@class='plan']/span").last?.text == "$\(index + 49)")
        }
        for (offset, document) in again.enumerated() {
            #expect(try document.select("//h1").first?.text == "Page \(100 + offset)")
        }
    }

    /// A document handed from the task that parsed it to the test, which alone uses it from then on.
    struct Handed: @unchecked Sendable { let document: HTMLDocument }

    @Test func aPageLibxml2CannotReadGivesItsArenaBackAndTheNextParses() throws {
        // Too deep: the parse fails inside the arena, which is given back, and the next page parses.
        let deep = String(repeating: "<div>", count: HTMLDocument.maximumDepth + 10)
        #expect(throws: HTMLError.self) { try HTMLDocument(html: deep) }
        #expect(try HTMLDocument(html: Self.page(7)).select("//h1").first?.text == "Page 7")
    }
}
