import Foundation
import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// An amount's text is read from its digits when it can be; it must be what `Decimal` gives.
@Suite struct AmountTests {
    @Test(arguments: [
        ("0.0800", "0.08"), ("1299", "1299"), ("100", "100"), ("00012.50", "12.5"), (".5", "0.5"), ("1.", "1"),
        ("0", "0"), ("0.0", "0"), ("-0", "0"), ("-0.50", "-0.5"), ("0.000000000001", "0.000000000001"),
        ("0.0000000000015", "0.000000000002"), ("123456789012345678901234567890", "123456789012345678901234567890"),
    ])
    func textIsDecimalsOwn(text: String, expected: String) throws {
        #expect(try #require(Amount(text)).description == expected)
        #expect(Amount(try #require(Decimal(string: text))).description == expected)
    }

    @Test func digitsGiveWhatDecimalGives() {
        var random = SplitMix64(seed: 0xA40)
        let pieces = ["0", "00", "1", "5", "9", "000", "123", ".", "-"]
        var read = 0
        for _ in 0..<20_000 {
            let text = (0..<(Int(random.next() % 8) + 1)).map { _ in pieces[Int(random.next() % 9)] }.joined()
            guard let value = Decimal(string: text), let canonical = Amount.canonical(text) else { continue }
            read += 1
            #expect(canonical == Amount.formatted(value), "\(text)")
            // The value built from the digits is Decimal's own, and hashes alike.
            if let plain = Amount.plainDecimal(text) {
                #expect(plain == value, "\(text)")
                #expect(plain.hashValue == value.hashValue, "\(text)")
                #expect(Amount(text)?.value == value, "\(text)")
                #expect(plain.description == value.description, "\(text)")
            }
        }
        #expect(read > 5_000)
    }

    @Test func textsDecimalCannotReadAreNotAmounts() {
        for text in ["", "-", ".", "1.2.3", "--1", "1-2", "1.5-"] {
            #expect(Amount.plainDecimal(text) == nil || Decimal(string: text) != nil, "\(text)")
            #expect((Amount(text) == nil) == (Decimal(string: text) == nil), "\(text)")
        }
    }
}
