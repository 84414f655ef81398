/// The burn-rate maths of the SRE workbook ("Alerting on SLOs"), pure: counts in, state out.
///
/// - error ratio over W = errors(W) / total(W); burn rate = error ratio / (1 − objective)
/// - consumed = errors(P) / ((1 − objective) × total(P)); remaining = 1 − consumed
/// - time to exhaustion at burn rate b = remaining × P / b
/// - a pair (short S, long L, factor f) is active when both burn rates exceed f — the same
///   comparison, with the same rounded constants, as the generated alert rules.
public enum Evaluator {
    /// Evaluates `slo` at `at` from the counts of each of its windows (`counts[w]` for every
    /// `w` in `slo.windows`; a missing window counts as no data).
    public static func evaluate(
        _ slo: SLO, at: Int64, stepSeconds: Int64, counts: [PromDuration: WindowCounts]
    ) -> SLOEvaluation {
        let budget = slo.errorBudgetRatio
        var windows: [WindowStatus] = []
        for window in slo.windows {
            let count = counts[window] ?? WindowCounts(errors: 0, total: 0, stepsWithData: 0)
            let expectedSteps = max(1, Double(window.milliseconds) / 1000 / Double(stepSeconds))
            let ratio: Double? = count.total > 0 ? count.errors / count.total : nil
            windows.append(
                WindowStatus(
                    window: window, errors: count.errors, total: count.total, errorRatio: ratio,
                    burnRate: ratio.map { $0 / budget }, coverage: min(1, Double(count.stepsWithData) / expectedSteps)))
        }
        let statusByWindow = Dictionary(uniqueKeysWithValues: windows.map { ($0.window, $0) })

        var budgetStatus = BudgetStatus()
        if let period = statusByWindow[slo.period], period.total > 0 {
            let consumed = period.errors / (budget * period.total)
            let remaining = 1 - consumed
            budgetStatus.consumedRatio = consumed
            budgetStatus.remainingRatio = remaining
            budgetStatus.remainingEvents = budget * period.total - period.errors
            budgetStatus.remainingMinutes = remaining * budget * slo.period.seconds / 60
            if remaining <= 0 {
                budgetStatus.timeToExhaustionSeconds = 0
            } else if let burn = statusByWindow[.hours(1)]?.burnRate, burn > 0 {
                budgetStatus.timeToExhaustionSeconds = remaining * slo.period.seconds / burn
            }
        }

        func state(_ severity: Severity) -> AlertState {
            var result = AlertState(firing: false, pair: nil, suppressedByMinEvents: false)
            guard !slo.alerting.overrides(for: severity).disabled else { return result }
            for pair in slo.alerting.policy.pairs where pair.severity == severity {
                let factor = pair.factor(period: slo.period)
                guard let long = statusByWindow[pair.long], let short = statusByWindow[pair.short],
                    let longBurn = long.burnRate, let shortBurn = short.burnRate,
                    longBurn > factor, shortBurn > factor
                else { continue }
                if let minimum = slo.minEvents, long.total < Double(minimum) {
                    result.suppressedByMinEvents = true
                    continue
                }
                result.firing = true
                if result.pair == nil { result.pair = pair }
                result.activePairs.append(pair)
            }
            return result
        }

        return SLOEvaluation(
            slo: slo, at: at, windows: windows, budget: budgetStatus, page: state(.page), ticket: state(.ticket))
    }

    /// The step starts of window `(at − W, at]` at step `s`: steps whose `(start, start + s]`
    /// lies inside it, i.e. starts in `[at − W, at − s]`.
    public static func stepRange(window: PromDuration, at: Int64, stepSeconds: Int64) -> ClosedRange<Int64>? {
        let from = at - Int64(window.milliseconds / 1000)
        let through = at - stepSeconds
        return through >= from ? from...through : nil
    }

    /// `at` aligned down to a step boundary.
    public static func align(_ at: Int64, stepSeconds: Int64) -> Int64 {
        let remainder = at % stepSeconds
        return remainder >= 0 ? at - remainder : at - remainder - stepSeconds
    }
}
