import Foundation
import PricewatchCore
import PricewatchJSONCoding

extension FuzzTarget {
    /// The JSON text reader that stands in for Foundation's decoder: what it reads, `JSONSerialization`
    /// reads as the same value, and writing it (pretty and compact) and reading the text back gives the value
    /// again.
    static let json = FuzzTarget(name: "json", seeds: ["fuzz/seeds/record"]) { bytes throws(FuzzFailure) in
        guard let value = JSONValue(parsing: bytes) else { return }
        let foundation: Any
        do {
            foundation = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw FuzzFailure("read \(value) where JSONSerialization fails: \(error)")
        }
        try require(value.matches(foundation), "read \(value) where JSONSerialization reads \(foundation)")
        for pretty in [true, false] {
            try require(
                JSONValue(parsing: value.text(pretty: pretty)) == value, "\(value) does not read back from its own text"
            )
        }
    }

    /// Records read through ``JSONValueDecoder`` (when ``JSONValue``'s reader vouches for the text) against
    /// `JSONDecoder`: both read the same record, or the fast path steps aside. A record read is written in
    /// exactly the text of Foundation's `JSONEncoder` (the layout's reference), and reads back.
    static let record = FuzzTarget(name: "record") { bytes throws(FuzzFailure) in
        let fast = try? PricewatchJSON.decode(Record.self, from: bytes)
        let reference = try? JSONDecoder().decode(Record.self, from: Data(bytes))
        try require(fast == reference, "read \(String(describing: fast)), JSONDecoder \(String(describing: reference))")
        guard let fast else { return }
        for pretty in [true, false] {
            guard let written = try? PricewatchJSON.encode(fast, pretty: pretty),
                let foundation = try? PricewatchJSON.encoder(pretty: pretty).encode(fast)
            else { throw FuzzFailure("cannot write \(fast)") }
            try require(written == foundation + [0x0A], "\(fast) is written unlike JSONEncoder writes it")
            try require(
                (try? PricewatchJSON.decode(Record.self, from: Array(written))) == fast, "\(fast) does not read back")
        }
    }
}

extension JSONValue {
    /// Whether `object`, as `JSONSerialization` returns it, is this value.
    func matches(_ object: Any) -> Bool {
        switch self {
        case .null: return object is NSNull
        case .string(let text): return (object as? String) == text
        case .integer(let digits):
            // By value: JSON's -0 is the integer 0 to JSONSerialization.
            guard let number = Int64(digits) else { return false }
            if let read = object as? Int { return Int64(read) == number }
            return (object as? NSNumber)?.stringValue == String(number)
        case .array(let items):
            guard let read = object as? [Any], read.count == items.count else { return false }
            return zip(items, read).allSatisfy { $0.matches($1) }
        case .object(let members):
            guard let read = object as? [String: Any], read.count == members.count else { return false }
            return members.members.allSatisfy { member in read[member.key].map { member.value.matches($0) } ?? false }
        }
    }
}
