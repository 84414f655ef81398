/// Reads one YAML mapping of a definition: looks fields up, reports type problems at the value's
/// mark, and at the end reports every key it was not asked about as unknown ("did you mean").
final class MappingReader {
    let node: YAMLNode
    let path: String
    let file: String
    let bag: DiagnosticBag
    private var pairs: [String: YAMLPair] = [:]
    private var order: [String] = []
    private var consumed: Set<String> = []
    /// Fields that exist only in burnrate/v1, for a better message when a Sloth file uses them.
    var nativeOnlyFields: Set<String> = []

    init?(_ node: YAMLNode, path: String, file: String, bag: DiagnosticBag) {
        self.node = node
        self.path = path
        self.file = file
        self.bag = bag
        guard let list = node.pairs else {
            bag.error(
                SourceLocation(file: file, mark: node.mark),
                "\(path.isEmpty ? "document" : path) must be a mapping, found \(node.kindDescription)")
            return nil
        }
        for pair in list {
            let key = pair.keyText
            if pairs[key] != nil {
                bag.error(
                    location(pair.key), "duplicate field '\(key)'\(path.isEmpty ? "" : " in \(path)")",
                    help: "remove one of the two '\(key)' entries")
                continue
            }
            pairs[key] = pair
            order.append(key)
        }
    }

    func location(_ node: YAMLNode) -> SourceLocation { SourceLocation(file: file, mark: node.mark) }
    var here: SourceLocation { location(node) }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value node of `key`, marking the key as known. A null value counts as absent.
    func value(_ key: String) -> YAMLNode? {
        consumed.insert(key)
        guard let pair = pairs[key] else { return nil }
        if let scalar = pair.value.scalar, scalar.isNull { return nil }
        return pair.value
    }

    func keyNode(_ key: String) -> YAMLNode? { pairs[key]?.key }

    func has(_ key: String) -> Bool { pairs[key] != nil }

    /// Marks keys as known without reading them (they are read later, or checked by presence).
    func markKnown(_ keys: [String]) { consumed.formUnion(keys) }

    func missing(_ key: String, help: String) {
        bag.error(here, "missing required field '\(field(key))'", help: help)
    }

    func string(_ key: String) -> (String, YAMLNode)? {
        guard let node = value(key) else { return nil }
        guard let scalar = node.scalar else {
            bag.error(location(node), "\(field(key)) must be a string, found \(node.kindDescription)")
            return nil
        }
        return (scalar.text, node)
    }

    func mapping(_ key: String) -> MappingReader? {
        guard let node = value(key) else { return nil }
        return MappingReader(node, path: field(key), file: file, bag: bag)
    }

    func bool(_ key: String) -> Bool? {
        guard let (text, node) = string(key) else { return nil }
        switch text {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off": return false
        default:
            bag.error(location(node), "\(field(key)) must be true or false, found '\(text)'")
            return nil
        }
    }

    /// A string-to-string map such as labels or annotations, with each value checked as a scalar.
    func stringMap(_ key: String) -> [(key: String, keyNode: YAMLNode, value: String, valueNode: YAMLNode)]? {
        guard let node = value(key) else { return nil }
        guard let list = node.pairs else {
            bag.error(
                location(node), "\(field(key)) must be a mapping of names to values, found \(node.kindDescription)")
            return nil
        }
        var result: [(key: String, keyNode: YAMLNode, value: String, valueNode: YAMLNode)] = []
        for pair in list {
            guard let scalar = pair.value.scalar, !scalar.isNull, !scalar.text.isEmpty else {
                let found =
                    pair.value.scalar.map { $0.text.isEmpty ? "an empty value" : "null" } ?? pair.value.kindDescription
                bag.error(
                    location(pair.value), "\(field(key)).\(pair.keyText) must be a non-empty string, found \(found)",
                    help: "quote the value, e.g. \(pair.keyText): \"value\"")
                continue
            }
            result.append((pair.keyText, pair.key, scalar.text, pair.value))
        }
        return result
    }

    /// Reports every key that no one asked for.
    func reportUnknown(allowed: [String]) {
        for key in order where !consumed.contains(key) {
            guard let pair = pairs[key] else { continue }
            if nativeOnlyFields.contains(key) {
                bag.error(
                    location(pair.key), "field '\(field(key))' is not part of prometheus/v1 (Sloth) definitions",
                    help: "set 'version: burnrate/v1' to use '\(key)'")
            } else if let suggestion = Suggestion.closest(to: key, in: allowed) {
                bag.error(
                    location(pair.key), "unknown field '\(field(key))'", help: "did you mean '\(suggestion)'?")
            } else {
                bag.error(
                    location(pair.key), "unknown field '\(field(key))'",
                    help: "allowed fields here: \(allowed.joined(separator: ", "))")
            }
        }
    }
}
