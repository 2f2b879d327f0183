import Foundation
import Yams

/// A node of `selectors.yml` that knows where it is (file, line, key path), so every error can say so.
struct YAMLReader {
    let node: Node
    let file: String
    let path: String
    /// Where the problems of a whole load are collected, so all are reported at once; nil: throw each.
    var problems: ConfigurationProblems? = nil
    /// Why rules below this node cannot use `$vendor` (the site has no `vendor` rule to set it, or this is
    /// that rule), or nil where they can.
    var vendorUnbound: String? = nil
    /// Lines before the text this node was composed from: a `targets:` item is composed on its own (see
    /// ``TargetListText``), and its errors name the line in the whole file.
    var lineOffset = 0

    /// Yams' default text encoding, looked up once: `Parser.Encoding.default` reads the whole process
    /// environment on every call, which was two fifths of reading 100,000 targets one item at a time.
    private static var encoding: Parser.Encoding { Parser.Encoding(rawValue: encodingName) ?? .utf8 }
    private static let encodingName = Parser.Encoding.default.rawValue

    /// Reads a YAML document, turning syntax errors into ``ConfigurationError``s with a line number.
    static func load(_ text: String, file: String) throws(ConfigurationError) -> YAMLReader {
        do {
            // Scalars stay untagged text (`.basic`): resolving each against Yams' regular expressions for
            // booleans, numbers, nulls and dates took 40 ms for a 1,000-target file, on every run. The few
            // booleans and numbers are read where a key expects one (``bool()``, ``number(in:)``).
            guard let node = try Yams.compose(yaml: text, .basic, .default, Self.encoding) else {
                throw ConfigurationError(file: file, line: nil, key: "", problem: "the file is empty")
            }
            return YAMLReader(node: node, file: file, path: "", problems: ConfigurationProblems())
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: Self.line(of: error), key: "", problem: Self.problem(of: error))
        } catch {
            throw ConfigurationError(file: file, line: nil, key: "", problem: "invalid YAML: \(error)")
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        // Yams marks the first of the keys in its sort order, which is partial for keys that are not plain
        // text, so the line is given only when it names the one duplicated key.
        case .duplicatedKeysInMapping(let duplicates, let context) where duplicates.count == 1: context.mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return "invalid YAML: \(detail)\(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            // Sorted here: Yams lists them in an order that can change from one reading to the next (found by
            // fuzzing), and an error should read the same every time.
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "duplicate \(duplicates.count == 1 ? "key" : "keys") \(keys); each key may appear once"
        default:
            return "invalid YAML: \(error)"
        }
    }

    var line: Int? { node.mark.map { $0.line + lineOffset } }

    func error(_ problem: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, key: path, problem: problem)
    }

    private func child(_ node: Node, key: String) -> YAMLReader {
        var child = YAMLReader(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)", problems: problems)
        child.vendorUnbound = vendorUnbound
        child.lineOffset = lineOffset
        return child
    }

    /// The entries of a mapping in file order, after checking every key is one of `allowed` (nil: any).
    func mapping(allowed: [String]? = nil) throws(ConfigurationError) -> [(key: String, value: YAMLReader)] {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping of keys to values") }
        var entries: [(key: String, value: YAMLReader)] = []
        var seen: Set<String> = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                throw YAMLReader(node: keyNode, file: file, path: path, lineOffset: lineOffset).error(
                    "keys must be plain strings")
            }
            let entry = child(valueNode, key: key)
            if let allowed, !allowed.contains(key) {
                let keyReader = YAMLReader(node: keyNode, file: file, path: entry.path, lineOffset: lineOffset)
                let unknown = keyReader.error(
                    "unknown key '\(key)'; expected one of: \(allowed.joined(separator: ", "))")
                // Collected, and the key skipped: every misspelt key of the file is reported at once.
                guard let problems else { throw unknown }
                problems.recordUnknownKey(unknown, inMappingAt: path)
                continue
            }
            guard seen.insert(key).inserted else { throw entry.error("duplicate key '\(key)'") }
            entries.append((key, entry))
        }
        return entries
    }

    /// The value under `key` in a mapping, if present.
    func optional(_ key: String, in entries: [(key: String, value: YAMLReader)]) -> YAMLReader? {
        entries.first(where: { $0.key == key })?.value
    }

    /// The value under `key`, or an error naming the missing key.
    func required(_ key: String, in entries: [(key: String, value: YAMLReader)]) throws(ConfigurationError)
        -> YAMLReader
    {
        guard let value = optional(key, in: entries) else { throw error("missing required key '\(key)'") }
        return value
    }

    func sequence() throws(ConfigurationError) -> [YAMLReader] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { child($0.element, key: "[\($0.offset)]") }
    }

    /// Item `index` of `targets:`, composed from its own text (see ``TargetListText``) below this root reader;
    /// nil when that text is not one block list item, and the whole document must be read instead.
    func targetItem(_ item: (text: Substring, line: Int), index: Int) -> YAMLReader? {
        guard let node = try? Yams.compose(yaml: String(item.text), .basic, .default, Self.encoding),
            case .sequence(let list) = node,
            list.count == 1, let only = list.first
        else { return nil }
        var reader = child(only, key: "targets").child(only, key: "[\(index)]")
        reader.lineOffset = lineOffset + item.line - 1
        return reader
    }

    func string() throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a text value") }
        return scalar.string
    }

    func nonEmptyString() throws(ConfigurationError) -> String {
        let value = try string()
        // Not `trimmingCharacters(in:)`: through NSString it was an eighth of loading 1,000 targets.
        guard value.contains(where: { !$0.isWhitespace }) else { throw error("must not be empty") }
        return value
    }

    /// The value as one of a fixed set of words, such as a rule's `type`; `what` names it in the error.
    func choice<Choice: RawRepresentable & CaseIterable>(_ what: String) throws(ConfigurationError) -> Choice
    where Choice.RawValue == String {
        let name = try string()
        guard let choice = Choice(rawValue: name) else {
            let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("unknown \(what) '\(name)'; expected one of: \(names)")
        }
        return choice
    }

    /// A YAML 1.1 boolean, as Yams would resolve it: unquoted `true`/`yes`/`on` or `false`/`no`/`off`.
    func bool() throws(ConfigurationError) -> Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        throw error("expected true or false, found '\(node.string ?? "")'")
    }

    func number(in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let value = node.float ?? node.int.map(Double.init) else {
            throw error("expected a number, found '\(node.string ?? "")'")
        }
        guard range.contains(value) else {
            throw error("\(value) is out of range; use a value from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func stringList() throws(ConfigurationError) -> [String] {
        if case .scalar = node { return [try nonEmptyString()] }
        return try sequence().map { reader throws(ConfigurationError) in try reader.nonEmptyString() }
    }
}
