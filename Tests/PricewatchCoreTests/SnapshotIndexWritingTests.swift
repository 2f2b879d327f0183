import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// `.index.json` is written in pieces and read entry by entry without Foundation's coders, which are the
/// reference.
@Suite struct SnapshotIndexWritingTests {
    static func summary(_ random: inout SplitMix64, identity: Bool) -> SnapshotIndex.FileSummary {
        let digest = { (random: inout SplitMix64) in
            SnapshotDigest(of: (0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        }
        return SnapshotIndex.FileSummary(
            file: digest(&random),
            identity: identity
                ? FileIdentity(
                    device: random.next(), inode: random.next() >> 1, size: Int64(random.next() % 100_000),
                    modified: Int64(bitPattern: random.next()), changed: -Int64(random.next() % 1_000_000))
                : nil,
            content: digest(&random))
    }

    /// Entries as a real folder has them: stat numbers within Int64, with and without identities.
    static func realisticTargets(_ count: Int) -> [String: SnapshotIndex.Entry] {
        var random = SplitMix64(seed: 0x2EAD)
        var targets: [String: SnapshotIndex.Entry] = [:]
        for number in 0..<count {
            var entry = SnapshotIndex.Entry()
            var latest = summary(&random, identity: number % 5 != 0)
            latest.identity?.device = random.next() % 70_000
            latest.identity?.inode = random.next() % 50_000_000
            if number % 7 != 3 { entry.latest = latest }
            if number % 7 != 5 {
                entry.history = .init(version: number % 40 + 1, summary: summary(&random, identity: false))
            }
            targets["site-\(number % 3)/target_\(number).x"] = entry
        }
        return targets
    }

    @Test func theIndexIsReadBackWithoutTheDecoder() throws {
        var escaped = Self.realisticTargets(3)
        escaped["with \"quote\" and \\ back/slash"] = escaped.first?.value
        escaped["control\u{1}character"] = escaped.first?.value
        for targets in [Self.realisticTargets(300), [:], escaped] {
            let written = SnapshotIndex.encoded(targets)
            #expect(SnapshotIndex.decodedAsWritten(written)?.dictionary == targets)
            // Pieces that cut the header, ids, entries and the final `}}\n` at every kind of place.
            for pieceSize in targets.count > 10 ? [64, 333, 4096] : [1, 2, 7, 100] {
                #expect(SnapshotIndex.decodedAsWritten(written, pieceSize: pieceSize)?.dictionary == targets)
            }
        }
    }

    @Test func aFileOfManyPiecesIsReadFromDisk() async throws {
        let targets = Self.realisticTargets(3_000)
        let written = SnapshotIndex.encoded(targets)
        #expect(written.count > 2 * SnapshotIndex.pieceSize)
        try await withTemporaryFolder { folder in
            let url = folder.appendingPathComponent(".index.json")
            #expect(SnapshotIndex.decodedAsWritten(path: url.path) == nil)
            try Data(written).write(to: url)
            #expect(SnapshotIndex.decodedAsWritten(path: url.path)?.dictionary == targets)
            #expect(SnapshotIndex.load(from: url.path).dictionary == targets)
            // Cut at a piece's end, or in the last piece: not the writer's text, and nothing of it is kept.
            for cut in [SnapshotIndex.pieceSize, written.count - 2] {
                try Data(written.prefix(cut)).write(to: url)
                #expect(SnapshotIndex.decodedAsWritten(path: url.path) == nil)
                #expect(SnapshotIndex.load(from: url.path).count == 0)
            }
        }
    }

    @Test func textTheWriterDoesNotWriteIsLeftToTheDecoder() throws {
        let targets = Self.realisticTargets(20)
        let written = SnapshotIndex.encoded(targets)
        let pretty = Array(try PricewatchJSON.encode(SnapshotIndex(targets: targets)))
        var huge = targets
        huge["huge"] = SnapshotIndex.Entry(
            latest: .init(
                file: SnapshotDigest(of: [1]),
                identity: FileIdentity(device: UInt64.max, inode: 1, size: 2, modified: 3, changed: 4),
                content: SnapshotDigest(of: [2])))
        for (text, expected) in [
            (pretty, targets), (SnapshotIndex.encoded(huge), huge),
        ] {
            #expect(SnapshotIndex.decodedAsWritten(text) == nil)
            let decoded = try PricewatchJSON.decoder().decode(SnapshotIndex.self, from: Data(text))
            #expect(decoded.targets == expected)
        }
        let otherSchema = Array(
            String(decoding: written, as: UTF8.self).replacingOccurrences(of: "index/1", with: "index/2").utf8)
        for pieceSize in [3, 64, SnapshotIndex.pieceSize] {
            for cut in [1, written.count / 2, written.count - 1] {
                #expect(SnapshotIndex.decodedAsWritten(Array(written.prefix(cut)), pieceSize: pieceSize) == nil)
            }
            #expect(SnapshotIndex.decodedAsWritten(written + [0x20], pieceSize: pieceSize) == nil)
            #expect(SnapshotIndex.decodedAsWritten(written + [0x7D], pieceSize: pieceSize) == nil)
            #expect(SnapshotIndex.decodedAsWritten(Array(written.dropLast()), pieceSize: pieceSize) == nil)
            #expect(SnapshotIndex.decodedAsWritten(otherSchema, pieceSize: pieceSize) == nil)
        }
    }

    @Test func theIndexIsTheEncodersCompactTextAndReadsBack() throws {
        var random = SplitMix64(seed: 0x1DE)
        var targets: [String: SnapshotIndex.Entry] = [:]
        let ids = [
            "bench/page-9", "bench/page-10", "a", "costbench/kling-api", "x.y_z-1/q", "quote\"back\\slash",
            "tab\tnl\n\u{1}", "ünï/€", "e\u{301}z", "éa",
        ]
        for (number, id) in ids.enumerated() {
            var entry = SnapshotIndex.Entry()
            if number % 3 != 1 { entry.latest = Self.summary(&random, identity: number % 2 == 0) }
            if number % 3 != 2 {
                entry.history = .init(
                    version: Int(random.next() % 500) + 1, summary: Self.summary(&random, identity: number % 4 != 3))
            }
            targets[id] = entry
        }
        targets["empty"] = SnapshotIndex.Entry()
        let written = SnapshotIndex.encoded(targets)
        let decoded = try PricewatchJSON.decoder().decode(SnapshotIndex.self, from: Data(written))
        #expect(decoded.schema == SnapshotIndex.schemaID)
        #expect(decoded.targets == targets)
        #expect(written == Array(try PricewatchJSON.encode(SnapshotIndex(targets: targets), pretty: false)))
        #expect(
            written == Array(try PricewatchJSON.encoder(pretty: false).encode(SnapshotIndex(targets: targets))) + [0x0A]
        )
    }
}

/// The run's table of index entries behaves as a dictionary of them.
@Suite struct IndexTableTests {
    @Test func learnsReplacesAndListsEntriesAsADictionaryWould() {
        let entries = SnapshotIndexWritingTests.realisticTargets(50)
        var table = IndexTable()
        for (id, entry) in entries { table[id] = entry }
        #expect(table.count == 50 && table.dictionary == entries)
        #expect(table.sortedIDs() == entries.keys.sorted())
        var replaced = entries
        let id = "site-1/target_1.x"
        replaced[id] = SnapshotIndex.Entry()
        table[id] = SnapshotIndex.Entry()
        table["site-0/target_0.x"] = nil
        #expect(table.count == 50 && table.dictionary == replaced && table[id] == SnapshotIndex.Entry())
        #expect(table["missing"] == nil)
        #expect(IndexTable(replaced) == table && IndexTable(entries) != table)
    }
}

/// `last-seen.json` is read a member at a time, as the decoder reads it or not at all.
@Suite struct StringMapReadingTests {
    @Test func anObjectOfStringsReadsAsTheDecoderReadsIt() throws {
        var many: [String: String] = [:]
        for number in 0..<500 { many["site/target-\(number)"] = "2026-12-04T10:\(number % 60):00Z" }
        let odd = ["quote\"back\\slash": "tab\t", "ünï/€": "e\u{301}", "": "", "\u{1}": "z"]
        for map in [many, odd, [:]] {
            for pretty in [true, false] {
                let text = Array(try PricewatchJSON.encode(map, pretty: pretty))
                for pieceSize in map.count > 10 ? [64, 1000, 256 * 1024] : [1, 3, 50] {
                    #expect(PiecewiseText.stringMap(text, pieceSize: pieceSize) == map)
                }
            }
        }
        let spaced = Array(" \r\n{ \"a\"\t:\n\"b\" ,\"c\":\"d\"}\n\n ".utf8)
        #expect(PiecewiseText.stringMap(spaced, pieceSize: 2) == ["a": "b", "c": "d"])
    }

    @Test func anythingElseIsLeftToTheDecoder() throws {
        let written = Array(try PricewatchJSON.encode(["a": "b", "c": "d"]))
        let others =
            [
                #"{"a":"b","a":"c"}"#, #"{"a":1}"#, #"{"a":null}"#, #"["a"]"#, #"{"a":"b",}"#, #"{"a":"b"} x"#,
                #"{"a":"b"}}"#, "", " ", "{", #"{"a":"\u00"}"#, #"{"a" "b"}"#,
            ].map { Array($0.utf8) } + [Array(written.prefix(written.count - 3)), [0xEF, 0xBB, 0xBF] + written]
        for text in others {
            for pieceSize in [1, 4, 4096] {
                #expect(
                    PiecewiseText.stringMap(text, pieceSize: pieceSize) == nil,
                    "\(String(decoding: text, as: UTF8.self))")
            }
        }
    }

    @Test func aFileIsReadInPieces() async throws {
        try await withTemporaryFolder { folder in
            let url = folder.appendingPathComponent("last-seen.json")
            #expect(PiecewiseText.stringMap(path: url.path) == nil)
            var map: [String: String] = [:]
            for number in 0..<20_000 { map["bench/page-\(number)"] = "2026-12-04T10:00:00Z" }
            try PricewatchJSON.encode(map).write(to: url)
            #expect(PiecewiseText.stringMap(path: url.path, pieceSize: 4096) == map)
        }
    }
}
