/// Reports, change sets and `last-seen.json` are written by hand like records (see ``JSONValue``): a run's
/// report names every target, and `JSONEncoder` took longer over it than the rest of the run's end.
extension Report: WritableAsJSONValue {
    var jsonValue: JSONValue {
        .object([
            "schema": .string(schema), "started_at": .string(startedAt), "finished_at": .string(finishedAt),
            "targets": .array(targets.map(\.jsonValue)),
        ])
    }
}

extension Report.TargetResult {
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "url": .optional(url), "vendor": .optional(vendor), "status": .string(status.rawValue),
            "changes": .array(changes.map(\.jsonValue)), "error": .optional(error),
        ]
        if !warnings.isEmpty { members["warnings"] = .array(warnings.map(JSONValue.string)) }
        return .object(members)
    }
}

extension ChangeSet: WritableAsJSONValue {
    var jsonValue: JSONValue {
        .object(["schema": .string(schema), "target": .string(target), "changes": .array(changes.map(\.jsonValue))])
    }
}

extension Change {
    /// Absent values are left out, as the synthesized encoding leaves them out.
    var jsonValue: JSONValue {
        var members: [String: JSONValue] = ["target": .string(target), "kind": .string(kind.rawValue)]
        members["plan"] = plan.map(JSONValue.string)
        members["field"] = field.map(JSONValue.string)
        members["feature"] = feature.map(JSONValue.string)
        members["old"] = old?.jsonValue
        members["new"] = new?.jsonValue
        members["delta"] = delta.map { .string($0.description) }
        members["delta_pct"] = deltaPercent.map { .string($0.description) }
        members["message"] = message.map(JSONValue.string)
        return .object(members)
    }
}

extension ChangeValue {
    var jsonValue: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .price(let price): price.jsonValue
        case .priceRange(let range): range.jsonValue
        case .list(let list): .array(list.map(JSONValue.string))
        case .alternative(let alternative): alternative.jsonValue
        }
    }
}

/// `last-seen.json`, target id → time.
extension [String: String]: WritableAsJSONValue, ReadableAsWritten {
    var jsonValue: JSONValue { .object(mapValues(JSONValue.string)) }

    static func decodedAsWritten(_ bytes: [UInt8]) -> [String: String]? {
        guard case .object(let members) = JSONValue(parsing: bytes) else { return nil }
        let texts = members.compactMapValues(\.string)
        return texts.count == members.count ? texts : nil
    }
}
