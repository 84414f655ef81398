/// Building PromQL text safely: every value that comes from a spec goes through `quote`.
public enum PromQLText {
    /// A double-quoted PromQL string literal, escaped as Go's `strconv.Quote` does (what Prometheus
    /// itself prints): backslash, double quote and control characters are escaped.
    public static func quote(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{07}": result += "\\a"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\u{0B}": result += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// `{a="x", b="y"}` from equality matchers (names are validated label names), or "" when empty.
    public static func selector(_ matchers: [(name: String, value: String)]) -> String {
        guard !matchers.isEmpty else { return "" }
        return "{" + matchers.map { "\($0.name)=\(quote($0.value))" }.joined(separator: ", ") + "}"
    }

    /// Replaces Sloth's `{{.window}}` placeholder (spaces allowed inside the braces) with a window.
    public static func renderWindow(_ template: String, window: PromDuration) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            if let close = afterOpen.range(of: "}}"),
                afterOpen[..<close.lowerBound].trimmingSpaces == ".window"
            {
                result += window.description
                rest = afterOpen[close.upperBound...]
            } else {
                result += "{{"
                rest = afterOpen
            }
        }
        return result + rest
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
