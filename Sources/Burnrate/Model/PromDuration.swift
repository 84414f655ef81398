/// A Prometheus duration (`5m`, `1h30m`, `4w`), held in whole milliseconds.
///
/// Parsing accepts what Prometheus' `model.ParseDuration` accepts (units `ms s m h d w y`, longest
/// first, each at most once); formatting prints what Prometheus prints, so `28d` becomes `4w` and
/// `24h` becomes `1d`. Rule names and `slo_window` labels depend on that formatting.
public struct PromDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }
    public static func minutes(_ n: Int64) -> PromDuration { PromDuration(seconds: n * 60) }
    public static func hours(_ n: Int64) -> PromDuration { PromDuration(seconds: n * 3600) }
    public static func days(_ n: Int64) -> PromDuration { PromDuration(seconds: n * 86400) }

    public var seconds: Double { Double(milliseconds) / 1000 }
    public var days: Double { Double(milliseconds) / 86_400_000 }

    public static func < (lhs: PromDuration, rhs: PromDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }

    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000),
        ("s", 1000), ("ms", 1),
    ]

    /// Parses a Prometheus duration; nil when the text is not one (or is zero).
    public init?(parsing text: String) {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var total: Int64 = 0
        var lastUnitRank = -1
        guard !scalars.isEmpty else { return nil }
        while index < scalars.count {
            var digits: Int64 = 0
            var digitCount = 0
            while index < scalars.count, (48...57).contains(scalars[index].value) {
                let digit = Int64(scalars[index].value - 48)
                let (product, overflow) = digits.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                digits = product + digit
                digitCount += 1
                index += 1
            }
            guard digitCount > 0 else { return nil }
            // "ms" must be matched before "m".
            var unitRank: Int?
            if index + 1 < scalars.count, scalars[index] == "m", scalars[index + 1] == "s" {
                unitRank = 6
                index += 2
            } else if index < scalars.count {
                unitRank = Self.units.firstIndex { $0.suffix == String(scalars[index]) }
                index += 1
            }
            guard let rank = unitRank, rank > lastUnitRank else { return nil }
            lastUnitRank = rank
            let (part, overflow) = digits.multipliedReportingOverflow(by: Self.units[rank].milliseconds)
            guard !overflow else { return nil }
            let (sum, sumOverflow) = total.addingReportingOverflow(part)
            guard !sumOverflow else { return nil }
            total = sum
        }
        guard total > 0 else { return nil }
        milliseconds = total
    }

    /// Prometheus' own formatting (`model.Duration.String`).
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var remaining = milliseconds
        var text = ""
        for (suffix, size) in Self.units {
            // Weeks are printed only when the whole rest is a number of weeks, as Prometheus does.
            if suffix == "w", remaining % size != 0 { continue }
            let count = remaining / size
            if count > 0 {
                text += "\(count)\(suffix)"
                remaining -= count * size
            }
        }
        return text
    }
}
