/// A small JSON writer with a fixed key order and the one number formatter, so output is
/// deterministic and diff-friendly (Foundation's encoder neither orders nor formats this way).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }

    public static func optionalNumber(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    public func rendered(indent: Int = 0, pretty: Bool = true) -> String {
        var output = ""
        write(into: &output, indent: indent, pretty: pretty)
        return output
    }

    private func write(into output: inout String, indent: Int, pretty: Bool) {
        let newline = pretty ? "\n" : ""
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let value): output += value.isFinite ? NumberFormat.format(value) : "null"
        case .string(let text): output += Self.quote(text)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "[" + newline
            for (index, item) in items.enumerated() {
                output += pad
                item.write(into: &output, indent: indent + 1, pretty: pretty)
                output += (index < items.count - 1 ? "," : "") + newline
            }
            output += closePad + "]"
        case .object(let pairs):
            guard !pairs.isEmpty else {
                output += "{}"
                return
            }
            output += "{" + newline
            for (index, (key, value)) in pairs.enumerated() {
                output += pad + Self.quote(key) + (pretty ? ": " : ":")
                value.write(into: &output, indent: indent + 1, pretty: pretty)
                output += (index < pairs.count - 1 ? "," : "") + newline
            }
            output += closePad + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
