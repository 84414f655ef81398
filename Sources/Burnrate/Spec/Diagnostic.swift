/// One problem found in an SLO definition, compiler style:
///
///     slos/xp-api.yaml:12:16: error: objective must be greater than 0 and less than 100, found 100
///       help: an objective of 100 leaves no error budget; use e.g. 99.9
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    public var help: String?

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String, help: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.help = help
    }

    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let help { text += "\n  help: \(help)" }
        return text
    }
}

/// Collects diagnostics while a definition is read; every problem is reported, not just the first.
/// Not Sendable: one bag belongs to one load.
public final class DiagnosticBag {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public func error(_ location: SourceLocation, _ message: String, help: String? = nil) {
        diagnostics.append(Diagnostic(.error, location, message, help: help))
    }

    public func warning(_ location: SourceLocation, _ message: String, help: String? = nil) {
        diagnostics.append(Diagnostic(.warning, location, message, help: help))
    }

    /// Diagnostics in file, line, column order (stable for equal positions).
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let l = lhs.element.location
            let r = rhs.element.location
            if l.file != r.file { return l.file < r.file }
            if l.mark != r.mark { return l.mark < r.mark }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// "Did you mean" for unknown fields and options: the closest candidate within a small edit distance.
public enum Suggestion {
    public static func closest(to word: String, in candidates: [String]) -> String? {
        if word.count >= 2, let prefixed = candidates.first(where: { $0.hasPrefix(word) }) { return prefixed }
        let threshold = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= threshold, best == nil || distance < best!.1 {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// Damerau–Levenshtein (optimal string alignment), so a swapped pair of letters costs one edit.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
