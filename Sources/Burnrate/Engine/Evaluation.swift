/// The state of one window at an instant.
public struct WindowStatus: Sendable, Hashable {
    public var window: PromDuration
    public var errors: Double
    public var total: Double
    /// errors / total; nil when the window saw no traffic ("no data", never 0 % or NaN).
    public var errorRatio: Double?
    /// errorRatio / error budget; nil when there is no data.
    public var burnRate: Double?
    /// Fraction of the window's steps that have data.
    public var coverage: Double
}

/// Error-budget position over the SLO period.
public struct BudgetStatus: Sendable, Hashable {
    /// errors(P) / (budget × total(P)); nil without traffic in the period.
    public var consumedRatio: Double?
    public var remainingRatio: Double?
    /// Errors still allowed in the period at its traffic so far (negative when overspent).
    public var remainingEvents: Double?
    /// The remaining budget as minutes of full outage: remaining × budget × period minutes.
    public var remainingMinutes: Double?
    /// remaining × P / burn rate(1h); nil when not burning or without data, 0 when spent.
    public var timeToExhaustionSeconds: Double?
}

/// Whether a severity's alert is active, and the first policy pair (in policy order) that is.
public struct AlertState: Sendable, Hashable {
    public var firing: Bool
    /// The first active pair in policy order (what status prints as "the pair that fired").
    public var pair: BurnWindowPair?
    /// Every active pair, in policy order (the generated rules have one alert per pair).
    public var activePairs: [BurnWindowPair] = []
    /// True when min_events held the alert back (the long window saw too few events).
    public var suppressedByMinEvents: Bool
}

/// Everything the engine says about one SLO at one instant.
public struct SLOEvaluation: Sendable {
    public var slo: SLO
    /// Unix seconds, aligned down to the step.
    public var at: Int64
    public var windows: [WindowStatus]
    public var budget: BudgetStatus
    public var page: AlertState
    public var ticket: AlertState

    public func window(_ duration: PromDuration) -> WindowStatus? {
        windows.first { $0.window == duration }
    }
}
