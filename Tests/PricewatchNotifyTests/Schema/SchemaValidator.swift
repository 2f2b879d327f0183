import Foundation

/// A small JSON Schema (draft 2020-12) validator covering what `docs/schema/` uses: `type` (string,
/// number, array, object, null and unions of them), `enum`, `required`, `properties`, `additionalProperties`, `items`, `pattern`, `oneOf`, `anyOf`
/// and `$ref` to `#/$defs/...` in the same file or `other.schema.json#/...` next to it.
struct SchemaValidator {
    let directory: URL
    private var documents: [String: Any] = [:]

    /// A validator reading schema files from `directory`.
    init(directory: URL) throws {
        self.directory = directory
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".json") {
            documents[name] = try JSONSerialization.jsonObject(
                with: Data(contentsOf: directory.appendingPathComponent(name)))
        }
    }

    /// Every violation of `file`'s schema by the JSON `data`, as "path: problem"; empty when valid.
    func violations(of data: Data, against file: String) throws -> [String] {
        let instance = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        guard let schema = documents[file] else { return ["no schema file \(file)"] }
        return check(instance, schema, file: file, path: "$")
    }

    private func check(_ value: Any, _ schemaValue: Any, file: String, path: String) -> [String] {
        guard let schema = schemaValue as? [String: Any] else { return ["\(path): schema is not an object"] }
        var problems: [String] = []
        if let reference = schema["$ref"] as? String {
            guard let (targetFile, target) = resolve(reference, from: file) else {
                return ["\(path): cannot resolve \(reference)"]
            }
            problems += check(value, target, file: targetFile, path: path)
        }
        if let types = schema["type"] {
            let allowed = (types as? [String]) ?? [types as? String ?? ""]
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                problems.append("\(path): expected \(allowed.joined(separator: " or ")), found \(Self.typeName(value))")
                return problems
            }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal($0, value) }) {
            problems.append("\(path): \(value) is not one of \(options)")
        }
        if let pattern = schema["pattern"] as? String, let text = value as? String,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            problems.append("\(path): '\(text)' does not match \(pattern)")
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing required key '\(key)'")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                if let propertySchema = properties[key] {
                    problems += check(member, propertySchema, file: file, path: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] {
                    if additional as? Bool == false {
                        problems.append("\(path): unexpected key '\(key)'")
                    } else if !(additional is Bool) {
                        problems += check(member, additional, file: file, path: "\(path).\(key)")
                    }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, element) in array.enumerated() {
                problems += check(element, items, file: file, path: "\(path)[\(index)]")
            }
        }
        if let anyOf = schema["anyOf"] as? [Any],
            !anyOf.contains(where: { check(value, $0, file: file, path: path).isEmpty })
        {
            problems.append("\(path): matches none of anyOf")
        }
        if let oneOf = schema["oneOf"] as? [Any] {
            let matching = oneOf.filter { check(value, $0, file: file, path: path).isEmpty }.count
            if matching != 1 { problems.append("\(path): matches \(matching) of oneOf, expected exactly 1") }
        }
        return problems
    }

    /// The file and sub-schema a `$ref` points to.
    private func resolve(_ reference: String, from file: String) -> (String, Any)? {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let targetFile = parts[0].isEmpty ? file : String(parts[0])
        guard var node = documents[targetFile] else { return nil }
        let pointer = parts.count > 1 ? parts[1] : ""
        for token in pointer.split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(token)] else { return nil }
            node = next
        }
        return (targetFile, node)
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": value is NSNull
        case "string": value is String
        case "number": value is NSNumber
        case "array": value is [Any]
        case "object": value is [String: Any]
        default: false
        }
    }

    private static func typeName(_ value: Any) -> String {
        ["null", "string", "number", "array", "object"].first { matches(value, type: $0) } ?? "unknown"
    }

    private static func equal(_ left: Any, _ right: Any) -> Bool {
        (left as? NSObject)?.isEqual(right) ?? false
    }
}
