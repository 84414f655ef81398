/// Replays the alert policy over stored history: the evaluator at every step, with windows from
/// prefix sums, so a month at a 5m step (8,640 instants × every window) is linear work.
public struct BacktestResult: Sendable {
    /// A run of consecutive evaluation instants at which a pair was active: the first and the last
    /// step end (unix seconds), both inclusive.
    public struct Span: Sendable, Hashable {
        public var first: Int64
        public var last: Int64
    }

    public var slo: SLO
    public var from: Int64
    public var to: Int64
    public var stepSeconds: Int64
    public var instants: Int
    /// Spans per policy pair (keyed by its name, e.g. "1h/5m"), in time order.
    public var spans: [String: [Span]]
}

public enum Backtester {
    public static func run(_ slo: SLO, sums: PrefixSums, from: Int64, to: Int64) -> BacktestResult {
        let step = sums.stepSeconds
        var spans: [String: [BacktestResult.Span]] = [:]
        var open: [String: BacktestResult.Span] = [:]
        var instants = 0
        var at = Evaluator.align(from, stepSeconds: step)
        if at < from { at += step }
        while at <= to {
            instants += 1
            let evaluation = Evaluator.evaluate(slo, at: at, stepSeconds: step, counts: sums.counts(for: slo, at: at))
            let active = Set((evaluation.page.activePairs + evaluation.ticket.activePairs).map(\.name))
            for pair in slo.alerting.policy.pairs {
                let name = pair.name
                if active.contains(name) {
                    if var span = open[name], span.last == at - step {
                        span.last = at
                        open[name] = span
                    } else {
                        if let span = open[name] { spans[name, default: []].append(span) }
                        open[name] = BacktestResult.Span(first: at, last: at)
                    }
                }
            }
            at += step
        }
        for (name, span) in open { spans[name, default: []].append(span) }
        for name in spans.keys { spans[name]!.sort { $0.first < $1.first } }
        return BacktestResult(slo: slo, from: from, to: to, stepSeconds: step, instants: instants, spans: spans)
    }
}
