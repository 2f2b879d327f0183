import PricewatchJSONCoding
import Testing

/// ``JSONObject`` keeps an object's members in its text's order (UTF-8 bytes of the keys, each key once),
/// which the writer relies on and the reader must establish for any order of keys in the text.
@Suite struct JSONObjectTests {
    static func read(_ text: String) -> JSONValue? { JSONValue(parsing: Array(text.utf8)) }

    @Test func keysInAnyOrderAreReadIntoTheTextsOrder() throws {
        let value = try #require(Self.read(#"{"b":"2","é":"4","a":"1","z":"3","ab":"5"}"#))
        guard case .object(let object) = value else { throw JSONObjectFailure.notAnObject }
        // "é" is 0xC3 0xA9, after every ASCII key.
        #expect(object.members.map(\.key) == ["a", "ab", "b", "z", "é"])
        #expect(object["é"] == .string("4"))
        #expect(object["ab"] == .string("5"))
        #expect(object["c"] == nil)
        #expect(
            String(decoding: value.text(pretty: false), as: UTF8.self) == #"{"a":"1","ab":"5","b":"2","z":"3","é":"4"}"#
                + "\n")
    }

    @Test(arguments: [
        #"{"a":"1","a":"2"}"#,
        #"{"b":"1","a":"2","b":"3"}"#,
        // The same key in its precomposed and decomposed forms, with a key between them in byte order.
        "{\"e\u{301}\":\"1\",\"f\":\"2\",\"\u{E9}\":\"3\"}",
    ])
    func aRepeatedKeyIsLeftToTheDecoder(text: String) {
        #expect(Self.read(text) == nil)
    }

    @Test func aLongObjectIsSortedAndLookedUp() throws {
        let keys = (0..<40).map { "key-\($0)" }
        let text = "{" + keys.reversed().map { "\"\($0)\":\"\($0)\"" }.joined(separator: ",") + "}"
        guard case .object(let object) = try #require(Self.read(text)) else { throw JSONObjectFailure.notAnObject }
        #expect(object.members.map(\.key) == keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        for key in keys { #expect(object[key] == .string(key)) }
        #expect(object["key-40"] == nil)
        #expect(Self.read("{" + (keys + ["key-7"]).map { "\"\($0)\":null" }.joined(separator: ",") + "}") == nil)
    }

    @Test func theLastOfARepeatedKeyCountsWhenEncoding() {
        let object = JSONObject(sorting: [
            .init(key: "b", value: .string("first")), .init(key: "a", value: .null),
            .init(key: "b", value: .string("last")),
        ])
        #expect(object.members == [.init(key: "a", value: .null), .init(key: "b", value: .string("last"))])
    }
}

private enum JSONObjectFailure: Error { case notAnObject }
