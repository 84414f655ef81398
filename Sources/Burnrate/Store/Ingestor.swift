/// Turns an SLO's error and total rate series (as Prometheus returns them for a query at the
/// step, evaluated at each step's end) into stored per-step counts.
public struct Ingestor {
    public let store: HistoryStore

    public init(store: HistoryStore) {
        self.store = store
    }

    public struct Summary: Sendable, Equatable {
        /// Steps stored (steps with traffic data).
        public var stored = 0
        /// Steps in the range without total data (gaps).
        public var gaps = 0
        /// Samples dropped because they were NaN or infinite.
        public var nonFinite = 0
        public init() {}
    }

    /// Stores the steps ending at `firstEnd`, `firstEnd + step`, … `lastEnd`, replacing what the
    /// store had for them. `errors` and `total` are the query results: at most one series each
    /// (an SLI query must aggregate to one). A step with a total but no error sample has 0 errors
    /// (error series often do not exist until the first error); a step without a total is a gap.
    public func ingest(
        slo: HistoryStore.SLORecord, errors: [QueryResult.Series], total: [QueryResult.Series],
        errorsQuery: String, totalQuery: String, firstEnd: Int64, lastEnd: Int64, stepSeconds: Int64
    ) throws -> Summary {
        if errors.count > 1 {
            throw PrometheusError.multipleSeries(query: errorsQuery, labels: errors.map(\.labelText))
        }
        if total.count > 1 { throw PrometheusError.multipleSeries(query: totalQuery, labels: total.map(\.labelText)) }
        var summary = Summary()
        var errorRates: [Int64: Double] = [:]
        for sample in errors.first?.samples ?? [] {
            errorRates[Int64(sample.timestamp.rounded())] = sample.value
        }
        var steps: [HistoryStore.StepCounts] = []
        steps.reserveCapacity(total.first?.samples.count ?? 0)
        let step = Double(stepSeconds)
        for sample in total.first?.samples ?? [] {
            let end = Int64(sample.timestamp.rounded())
            guard end >= firstEnd, end <= lastEnd else { continue }
            guard (end - firstEnd) % stepSeconds == 0 else {
                throw PrometheusError.offGrid(query: totalQuery, timestamp: end, stepSeconds: stepSeconds)
            }
            let errorRate = errorRates[end] ?? 0
            guard sample.value.isFinite, errorRate.isFinite else {
                summary.nonFinite += 1
                continue
            }
            steps.append(
                HistoryStore.StepCounts(start: end - stepSeconds, errors: errorRate * step, total: sample.value * step))
        }
        steps.sort { $0.start < $1.start }
        // Duplicate timestamps (overlapping chunks) keep the last answer.
        var unique: [HistoryStore.StepCounts] = []
        unique.reserveCapacity(steps.count)
        for step in steps {
            if unique.last?.start == step.start { unique[unique.count - 1] = step } else { unique.append(step) }
        }
        try store.replaceSteps(slo: slo, from: firstEnd - stepSeconds, through: lastEnd - stepSeconds, steps: unique)
        summary.stored = unique.count
        summary.gaps = Int((lastEnd - firstEnd) / stepSeconds + 1) - unique.count - summary.nonFinite
        return summary
    }
}
