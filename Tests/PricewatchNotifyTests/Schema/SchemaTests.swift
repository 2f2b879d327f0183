import Foundation
import PricewatchCore
import Testing

@Suite("JSON Schemas in docs/schema match what the encoders write")
struct SchemaTests {
    let validator: SchemaValidator

    init() throws {
        validator = try SchemaValidator(directory: Samples.repository.appendingPathComponent("docs/schema"))
    }

    @Test func recordWithEveryKindOfValueIsValid() throws {
        let problems = try validator.violations(
            of: PricewatchJSON.encode(Samples.record), against: "record.schema.json")
        #expect(problems == [])
    }

    @Test func minimalRecordWithNullsIsValid() throws {
        let record = Record(target: "a/b", site: "a", fetchedAt: "2026-01-01T00:00:00Z")
        #expect(try validator.violations(of: PricewatchJSON.encode(record), against: "record.schema.json") == [])
    }

    @Test func changeSetWithEveryChangeValueIsValid() throws {
        let set = ChangeSet(target: "costbench/kling-api", changes: Samples.changes + [Samples.failure])
        #expect(try validator.violations(of: PricewatchJSON.encode(set), against: "changes.schema.json") == [])
    }

    @Test func reportIsValid() throws {
        #expect(
            try validator.violations(of: PricewatchJSON.encode(Samples.mixedReport), against: "report.schema.json")
                == [])
    }

    @Test(arguments: [
        ("record.schema.json", #"{"schema":"pricewatch.record/1"}"#, "missing required key 'target'"),
        (
            "changes.schema.json",
            #"{"schema":"pricewatch.changes/1","target":"t","changes":[{"target":"t","kind":"price_moved"}]}"#,
            "is not one of"
        ),
        (
            "changes.schema.json",
            #"{"schema":"pricewatch.changes/1","target":"t","changes":[{"target":"t","kind":"plan_added","plan":null}]}"#,
            "expected string"
        ),
        (
            "report.schema.json",
            #"{"schema":"pricewatch.report/1","started_at":"x","finished_at":"2026-01-01T00:00:00Z","targets":[]}"#,
            "does not match"
        ),
        (
            "report.schema.json",
            #"{"schema":"pricewatch.report/1","started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:00Z","targets":[],"extra":1}"#,
            "unexpected key 'extra'"
        ),
    ])
    func documentsThatBreakTheContractAreRejected(file: String, json: String, problem: String) throws {
        let problems = try validator.violations(of: Data(json.utf8), against: file)
        #expect(problems.contains { $0.contains(problem) }, "\(problems)")
    }

    @Test func amountWrittenAsANumberIsRejected() throws {
        var object = try #require(
            JSONSerialization.jsonObject(with: PricewatchJSON.encode(Samples.usd("35"))) as? [String: Any])
        object["amount"] = 35
        let record =
            #"{"schema":"pricewatch.record/1","target":"t","site":"s","url":null,"fetched_at":"2026-01-01T00:00:00Z","vendor":null,"last_verified":null,"free_tier":null,"price_range":null,"plans":[{"name":"P","prices":{"monthly":PRICE},"best_for":null,"features":[]}],"alternatives":[],"extras":{}}"#
        let price = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let problems = try validator.violations(
            of: Data(record.replacingOccurrences(of: "PRICE", with: price).utf8), against: "record.schema.json")
        #expect(problems.contains { $0.contains("$.plans[0].prices.monthly") }, "\(problems)")
    }
}
