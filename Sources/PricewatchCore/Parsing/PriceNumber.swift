/// One number as price texts write it, read from the UTF-8 bytes of the text: digit groups joined by
/// thousands separators (`,` `.` space `'`) and at most one decimal separator (`.` or `,`).
///
/// Which separator is the decimal one is decided by the groups, the way readers decide: a separator that
/// differs from the ones before it is the decimal point (`1.234,50`, `1'049.95`, `1 234,50`); a lone `,` or
/// `.` followed by 1, 2 or 4+ digits is a decimal point (`12,90`, `9.99`, `0.0033`), followed by exactly three
/// after a 1–3 digit non-zero whole part it separates thousands (`1,234`, `12.990`); repeated, it separates
/// thousands in groups of three or in the Indian lakh grouping (`1,49,000`).
struct PriceNumber {
    /// The plain decimal text: optional `-`, digits, at most one `.` (`"1234.50"`).
    var plain: String
    /// The byte just after the number, including a `,-` or `.–` that says "no cents".
    var end: Int
    /// Whether the separators contradict each other (`1.2.3`, `1,299.5.0`): not a number at all.
    var malformed: Bool

    private enum Separator: UInt8 {
        case comma = 0x2C, dot = 0x2E, space = 0x20, apostrophe = 0x27
    }

    /// Reads the number at `start` (a digit, or a `.` before digits as in `$.99`).
    ///
    /// - Parameter splitCents: Whether "29 99" may be read as 29.99, as text gathered from
    ///   `29<sup>99</sup>` reads: the caller knows the number carries a currency and ends the price.
    static func read(at start: Int, in bytes: UnsafeBufferPointer<UInt8>, splitCents: (Int) -> Bool) -> PriceNumber {
        var groups: [Range<Int>] = []
        var separators: [Separator] = []
        var index = start
        if bytes[index] == Separator.dot.rawValue {
            // "$.99": no whole part.
            groups.append(index..<index)
            separators.append(.dot)
            index += 1
        }
        index = digits(from: index, in: bytes)
        groups.append((groups.isEmpty ? start : start + 1)..<index)
        var noCents = false
        while index < bytes.count {
            let byte = bytes[index]
            if let separator = Separator(rawValue: byte), separator != .space, index + 1 < bytes.count,
                isDigit(bytes[index + 1])
            {
                let groupEnd = digits(from: index + 1, in: bytes)
                separators.append(separator)
                groups.append((index + 1)..<groupEnd)
                index = groupEnd
            } else if byte == Separator.space.rawValue, index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                // A space joins only a group of exactly three digits to a grouping that is still valid
                // ("9 800", "1 234 567"), or two digits of split cents; "Tier 1 5" stays apart.
                let groupEnd = digits(from: index + 1, in: bytes)
                let length = groupEnd - index - 1
                let groupingSoFar = separators.allSatisfy { $0 == .space } && groups[0].count <= 3 && !groups[0].isEmpty
                if length == 3, groupingSoFar {
                    separators.append(.space)
                } else if length == 2, separators.isEmpty, splitCents(groupEnd) {
                    separators.append(.dot)
                } else {
                    break
                }
                groups.append((index + 1)..<groupEnd)
                index = groupEnd
            } else if byte == Separator.space.rawValue, index + 2 < bytes.count,
                bytes[index + 1] == Separator.dot.rawValue || bytes[index + 1] == Separator.comma.rawValue,
                isDigit(bytes[index + 2]),
                separators.isEmpty
                    || (Set(separators).count == 1 && groups.last?.count == 3
                        && separators[0].rawValue != bytes[index + 1])
            {
                // "$ 29 .99": cents gathered from their own element.
                let groupEnd = digits(from: index + 2, in: bytes)
                guard groupEnd - index - 2 <= 2 else { break }
                separators.append(.dot)
                groups.append((index + 2)..<groupEnd)
                index = groupEnd
            } else {
                noCents = dashAfterSeparator(at: index, in: bytes)
                break
            }
        }
        let number = interpret(groups: groups, separators: separators, in: bytes)
        var end = index
        if noCents { end += bytes[index + 1] == UInt8(ascii: "-") ? 2 : 4 }
        return PriceNumber(plain: number ?? "", end: end, malformed: number == nil)
    }

    /// "29,-", "49.–", "1.299,— €": whole currency units, written with a dash for the cents.
    private static func dashAfterSeparator(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Swedish shops write "299:-".
        guard index + 1 < bytes.count,
            bytes[index] == Separator.comma.rawValue || bytes[index] == Separator.dot.rawValue
                || bytes[index] == UInt8(ascii: ":")
        else { return false }
        let afterDash: Int
        if bytes[index + 1] == UInt8(ascii: "-") {
            afterDash = index + 2
        } else if index + 3 < bytes.count, bytes[index + 1] == 0xE2, bytes[index + 2] == 0x80,
            bytes[index + 3] == 0x93 || bytes[index + 3] == 0x94
        {
            afterDash = index + 4
        } else {
            return false
        }
        return afterDash == bytes.count || !isDigit(bytes[afterDash])
    }

    /// The plain decimal for the groups, or nil when the separators do not form a number.
    private static func interpret(groups: [Range<Int>], separators: [Separator], in bytes: UnsafeBufferPointer<UInt8>)
        -> String?
    {
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        guard let last = separators.last else { return text(groups[0]) }
        let lengths = groups.map(\.count)
        let earlier = separators.dropLast()
        let decimalIndex: Int?
        if earlier.allSatisfy({ $0 == last }) {
            if last == .space || last == .apostrophe {
                decimalIndex = nil
            } else if separators.count > 1 {
                decimalIndex = nil
            } else {
                // One "," or ".": three digits after a 1–3 digit whole part that is not zero are thousands.
                let wholeIsZero = bytes[groups[0]].allSatisfy { $0 == UInt8(ascii: "0") }
                decimalIndex = lengths[1] == 3 && (1...3).contains(lengths[0]) && !wholeIsZero ? nil : 1
            }
        } else {
            guard last == .dot || last == .comma, Set(earlier).count == 1 else { return nil }
            decimalIndex = groups.count - 1
        }
        let wholeGroups = Array(lengths[..<(decimalIndex ?? groups.count)])
        if wholeGroups.count > 1 {
            let thousands = separators[0]
            guard isThousandsGrouping(wholeGroups) || (thousands == .comma && isLakhGrouping(wholeGroups)) else {
                return nil
            }
        }
        var plain = groups[..<(decimalIndex ?? groups.count)].map(text).joined()
        if plain.isEmpty { plain = "0" }
        if let decimalIndex { plain += "." + text(groups[decimalIndex]) }
        return plain
    }

    /// 1–3 digits, then groups of exactly three: "1,234,567".
    private static func isThousandsGrouping(_ lengths: [Int]) -> Bool {
        (1...3).contains(lengths[0]) && lengths.dropFirst().allSatisfy { $0 == 3 }
    }

    /// The Indian grouping: 1–2 digits, pairs, then the last three: "1,49,000", "12,34,56,789".
    private static func isLakhGrouping(_ lengths: [Int]) -> Bool {
        lengths.count >= 3 && (1...2).contains(lengths[0]) && lengths.dropFirst().dropLast().allSatisfy { $0 == 2 }
            && lengths.last == 3
    }

    private static func digits(from index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var end = index
        while end < bytes.count, isDigit(bytes[end]) { end += 1 }
        return end
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
