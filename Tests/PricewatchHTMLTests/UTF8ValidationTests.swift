import PricewatchTestSupport
import Testing

@testable import PricewatchHTML

/// Page bytes are validated as UTF-8 eight ASCII bytes at a time; the standard library's validation of the
/// whole page is the reference.
@Suite struct UTF8ValidationTests {
    /// ASCII runs of every length around the 8-byte words, characters of every width (some cut short,
    /// some with stray continuation bytes or overlong forms), at every alignment.
    static func randomBytes(_ random: inout SplitMix64) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("é".utf8), Array("€".utf8), Array("😀".utf8), Array("価".utf8), [0x80], [0xC3], [0xE2, 0x82],
            [0xF0, 0x9F, 0x98], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80],
        ]
        var bytes: [UInt8] = []
        for _ in 0..<Int(random.next() % 12) {
            bytes += [UInt8](repeating: UInt8(ascii: "a"), count: Int(random.next() % 20))
            // Mostly valid characters, so whole pages are often valid.
            let piece =
                random.next() % 3 == 0
                ? pieces[Int(random.next() % UInt64(pieces.count))] : pieces[Int(random.next() % 4)]
            bytes += piece
        }
        return bytes
    }

    @Test func agreesWithTheStandardLibrary() {
        var random = SplitMix64(seed: 0x07F8)
        var valid = 0
        for _ in 0..<50_000 {
            let bytes = Self.randomBytes(&random)
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(CharacterEncoding.isValidUTF8(bytes) == expected, "\(bytes)")
            if expected { valid += 1 }
        }
        #expect(valid > 5_000)
    }

    @Test func charactersCrossingTheLastWordAreValid() {
        for padding in 0..<16 {
            let bytes = [UInt8](repeating: 0x61, count: padding) + Array("😀€é".utf8)
            #expect(CharacterEncoding.isValidUTF8(bytes), "padding \(padding)")
            #expect(!CharacterEncoding.isValidUTF8(bytes.dropLast()), "padding \(padding)")
        }
        #expect(CharacterEncoding.isValidUTF8([]))
    }
}
