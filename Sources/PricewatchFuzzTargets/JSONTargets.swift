import Foundation
import PricewatchCore

extension FuzzTarget {
    /// The JSON text reader that stands in for Foundation's decoder: what it reads, `JSONSerialization`
    /// reads as the same value, and writing it and reading the text back gives the value again.
    static let json = FuzzTarget(name: "json", seeds: ["fuzz/seeds/record"]) { bytes throws(FuzzFailure) in
        guard let value = JSONValue(parsing: bytes) else { return }
        let foundation: Any
        do {
            foundation = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw FuzzFailure("read \(value) where JSONSerialization fails: \(error)")
        }
        try require(value.matches(foundation), "read \(value) where JSONSerialization reads \(foundation)")
        guard let written = value.prettyText else { return }
        try require(JSONValue(parsing: written) == value, "\(value) does not read back from its own text")
    }

    /// Records read without `JSONDecoder` (when the text is what pricewatch writes) against `JSONDecoder`:
    /// both read the same record, or the fast path steps aside.
    static let record = FuzzTarget(name: "record") { bytes throws(FuzzFailure) in
        let fast = try? PricewatchJSON.decode(Record.self, from: bytes)
        let reference = try? JSONDecoder().decode(Record.self, from: Data(bytes))
        try require(fast == reference, "read \(String(describing: fast)), JSONDecoder \(String(describing: reference))")
        guard let fast else { return }
        guard let written = try? PricewatchJSON.encode(fast) else { throw FuzzFailure("cannot write \(fast)") }
        try require(
            (try? PricewatchJSON.decode(Record.self, from: Array(written))) == fast, "\(fast) does not read back")
    }
}

extension JSONValue {
    /// Whether `object`, as `JSONSerialization` returns it, is this value.
    func matches(_ object: Any) -> Bool {
        switch self {
        case .null: return object is NSNull
        case .string(let text): return (object as? String) == text
        case .integer(let number):
            if let read = object as? Int { return read == number }
            return (object as? NSNumber)?.stringValue == String(number)
        case .array(let items):
            guard let read = object as? [Any], read.count == items.count else { return false }
            return zip(items, read).allSatisfy { $0.matches($1) }
        case .object(let members):
            guard let read = object as? [String: Any], read.count == members.count else { return false }
            return members.allSatisfy { key, value in read[key].map { value.matches($0) } ?? false }
        }
    }
}
