import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// `http.json` is read without Foundation's decoder; that decoder is the reference, and whatever the fast reader
/// cannot vouch for is left to it.
@Suite struct CacheValidatorsReadingTests {
    /// Texts servers send as validators, and awkward ones: quotes (every real ETag), escapes, non-ASCII.
    static let samples: [String?] = [
        nil, "", "\"5f8a-64b2c\"", "W/\"weak\"", "Tue, 24 Nov 2026 10:00:00 GMT", "utf-8", "back\\slash",
        "http://127.0.0.1:8000/a/b?c=d&e=\"f\"", "ünïcode € 価格", "tab\there", "new\nline", "bell\u{7}",
        "form\u{C}feed",
    ]

    static func randomValidators(_ random: inout SplitMix64) -> CacheValidators {
        let pick = { (random: inout SplitMix64) in samples[Int(random.next() % UInt64(samples.count))] }
        return CacheValidators(
            url: pick(&random), etag: pick(&random), lastModified: pick(&random), charset: pick(&random))
    }

    @Test func theEncodersTextIsReadWithoutTheDecoder() throws {
        var random = SplitMix64(seed: 0x477)
        for _ in 0..<500 {
            let validators = Self.randomValidators(&random)
            let written = Array(try PricewatchJSON.encode(validators))
            #expect(
                JSONLayoutTests.fastRead(CacheValidators.self, written) == validators,
                "\(String(decoding: written, as: UTF8.self))")
        }
    }

    /// Damaged or reformatted files: whenever the hand reader answers, the decoder gives the same answer.
    @Test func theHandReaderNeverDisagreesWithTheDecoder() throws {
        var random = SplitMix64(seed: 0x5EED)
        let alphabet = Array("\"\\ ,:{}\nnul/tu0".utf8)
        var answered = 0
        for _ in 0..<3000 {
            var bytes = Array(try PricewatchJSON.encode(Self.randomValidators(&random)))
            let at = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 3 {
            case 0: bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            case 1: bytes.remove(at: at)
            default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
            }
            guard let read = JSONLayoutTests.fastRead(CacheValidators.self, bytes) else { continue }
            answered += 1
            let decoded = try? PricewatchJSON.decoder().decode(CacheValidators.self, from: Data(bytes))
            #expect(decoded == read, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(answered > 0)
    }

    /// Other forms of the file read as the decoder reads them; a byte-order mark is left to the decoder.
    @Test func otherFormsOfTheFileReadAsTheDecoderReadsThem() throws {
        let validators = CacheValidators(url: "https://a.test/", etag: "\"x\"", lastModified: nil, charset: "utf-8")
        let compact = Array(try PricewatchJSON.encode(validators, pretty: false))
        let written = Array(try PricewatchJSON.encode(validators))
        let unicodeEscape = Array(
            String(decoding: written, as: UTF8.self).replacingOccurrences(of: "utf-8", with: "utf\\u002d8").utf8)
        for text in [compact, Array(written.dropLast()), written + [0x0A], unicodeEscape] {
            #expect(try PricewatchJSON.decoder().decode(CacheValidators.self, from: Data(text)) == validators)
            #expect(JSONLayoutTests.fastRead(CacheValidators.self, text) == validators)
        }
        #expect(JSONLayoutTests.fastRead(CacheValidators.self, [0xEF, 0xBB, 0xBF] + written) == nil)
    }
}
