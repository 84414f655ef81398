/// `burnrate status` output: the documented JSON shape and a readable table.
public enum StatusRenderer {
    /// The JSON document: `{"at": RFC 3339, "slos": [...]}`. Keys are a contract (README).
    public static func json(_ evaluations: [SLOEvaluation], at: String, hasHistory: (String) -> Bool) -> String {
        let slos = evaluations.map { evaluation -> JSONValue in
            let slo = evaluation.slo
            let windows = evaluation.windows.map { window -> (String, JSONValue) in
                (
                    window.window.description,
                    .object([
                        ("errors", .number(window.errors)), ("total", .number(window.total)),
                        ("error_ratio", .optionalNumber(window.errorRatio)),
                        ("burn_rate", .optionalNumber(window.burnRate)), ("coverage", .number(window.coverage)),
                    ])
                )
            }
            func alert(_ state: AlertState) -> JSONValue {
                .object([
                    ("firing", .bool(state.firing)), ("pair", state.pair.map { .string($0.name) } ?? .null),
                    ("active_pairs", .array(state.activePairs.map { .string($0.name) })),
                    ("suppressed_by_min_events", .bool(state.suppressedByMinEvents)),
                ])
            }
            let thresholds = slo.alerting.policy.pairs.map { pair -> JSONValue in
                .object([
                    ("pair", .string(pair.name)), ("severity", .string(pair.severity.rawValue)),
                    ("factor", .number(pair.factor(period: slo.period))),
                    ("budget_percent", .number(pair.budgetPercent)),
                ])
            }
            return .object([
                ("id", .string(slo.id)), ("service", .string(slo.service)), ("name", .string(slo.name)),
                ("objective_ratio", .number(slo.objectiveRatio)), ("objective_percent", .number(slo.objectivePercent)),
                ("error_budget_ratio", .number(slo.errorBudgetRatio)), ("period", .string(slo.period.description)),
                ("history", .bool(hasHistory(slo.id))),
                ("windows", .object(windows)),
                (
                    "budget",
                    .object([
                        ("consumed_ratio", .optionalNumber(evaluation.budget.consumedRatio)),
                        ("remaining_ratio", .optionalNumber(evaluation.budget.remainingRatio)),
                        ("remaining_events", .optionalNumber(evaluation.budget.remainingEvents)),
                        ("remaining_minutes", .optionalNumber(evaluation.budget.remainingMinutes)),
                        ("time_to_exhaustion_seconds", .optionalNumber(evaluation.budget.timeToExhaustionSeconds)),
                    ])
                ),
                ("alerts", .object([("page", alert(evaluation.page)), ("ticket", alert(evaluation.ticket))])),
                ("policy", .array(thresholds)),
            ])
        }
        return JSONValue.object([("at", .string(at)), ("slos", .array(slos))]).rendered() + "\n"
    }

    /// One block per SLO. `color` wraps states in ANSI colours (only for a terminal).
    public static func table(_ evaluations: [SLOEvaluation], at: String, color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        for evaluation in evaluations {
            let slo = evaluation.slo
            out += "\(slo.id)  objective \(NumberFormat.format(slo.objectivePercent))% over \(slo.period)  at \(at)\n"
            if let period = evaluation.window(slo.period), let ratio = period.errorRatio {
                out +=
                    "  SLI over \(slo.period): \(percent(1 - ratio, digits: 4)) (\(count(period.errors)) errors of \(count(period.total)))"
                if let remaining = evaluation.budget.remainingRatio {
                    out += "  budget remaining \(percent(remaining, digits: 1))"
                    if let minutes = evaluation.budget.remainingMinutes { out += " (\(fixed(minutes, 1)) min)" }
                }
                if let remaining = evaluation.budget.remainingRatio, remaining <= 0 {
                    out += "  " + paint("budget exhausted", "1;31")
                } else if let seconds = evaluation.budget.timeToExhaustionSeconds {
                    out += "  exhausted in \(human(seconds)) at the 1h burn rate"
                }
                out += "\n"
            } else {
                out += "  no data over \(slo.period)\n"
            }
            out +=
                "  " + pad("window", 7) + pad("errors", 14, right: true) + pad("total", 16, right: true)
                + pad("error ratio", 13, right: true) + pad("burn rate", 11, right: true)
                + pad("coverage", 10, right: true) + "\n"
            for window in evaluation.windows {
                out +=
                    "  " + pad(window.window.description, 7) + pad(count(window.errors), 14, right: true)
                    + pad(count(window.total), 16, right: true)
                    + pad(window.errorRatio.map { percent($0, digits: 4) } ?? "no data", 13, right: true)
                    + pad(window.burnRate.map { fixed($0, 2) + "x" } ?? "-", 11, right: true)
                    + pad(percent(window.coverage, digits: 0), 10, right: true) + "\n"
            }
            for (name, state) in [("page", evaluation.page), ("ticket", evaluation.ticket)] {
                let severity = Severity(rawValue: name)!
                let pairs = slo.alerting.policy.pairs.filter { $0.severity == severity }
                    .map { "\($0.name) > \(NumberFormat.format($0.factor(period: slo.period)))x" }
                let label: String
                if slo.alerting.overrides(for: severity).disabled {
                    out += "  \(pad(name, 7))disabled\n"
                    continue
                } else if state.firing, let pair = state.pair {
                    label = paint("FIRING", "1;31") + " (\(pair.name))"
                } else if state.suppressedByMinEvents {
                    label = paint("held", "33") + " (fewer than \(slo.minEvents ?? 0) events)"
                } else {
                    label = paint("ok", "32")
                }
                out +=
                    "  \(pad(name, 7))\(label)   thresholds: \(pairs.isEmpty ? "none" : pairs.joined(separator: ", "))\n"
            }
            out += "\n"
        }
        return out
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return NumberFormat.format(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = NumberFormat.format(rounded)
        if digits > 0 {
            if !text.contains(".") { text += "." }
            let decimals = text.split(separator: ".", omittingEmptySubsequences: false).last?.count ?? 0
            text += String(repeating: "0", count: max(0, digits - decimals))
        }
        return text
    }

    static func percent(_ ratio: Double, digits: Int) -> String { fixed(ratio * 100, digits) + "%" }

    static func count(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : fixed(value, 2)
    }

    /// 93784 → "1d 2h 3m".
    static func human(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 100 * 365 * 86400 else { return "more than 100 years" }
        var rest = Int64(seconds.rounded())
        if rest < 60 { return "\(rest)s" }
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86400)), ("h", 3600), ("m", 60)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        return parts.prefix(2).joined(separator: " ")
    }
}
