/// Window sums from prefix sums over an SLO's steps held in memory: any window at any instant in
/// O(log n), so evaluating every step of 30 days (the backtest shape) is linear, not quadratic.
public struct PrefixSums: Sendable {
    public let stepSeconds: Int64
    private let starts: [Int64]
    /// cumulative[i] = sum over steps[0..<i]
    private let cumulativeErrors: [Double]
    private let cumulativeTotal: [Double]

    /// `steps` are (start, errors, total), sorted by start, unique.
    public init(stepSeconds: Int64, steps: [(start: Int64, errors: Double, total: Double)]) {
        self.stepSeconds = stepSeconds
        starts = steps.map(\.start)
        var errors = [0.0]
        var total = [0.0]
        errors.reserveCapacity(steps.count + 1)
        total.reserveCapacity(steps.count + 1)
        for step in steps {
            errors.append(errors.last! + step.errors)
            total.append(total.last! + step.total)
        }
        cumulativeErrors = errors
        cumulativeTotal = total
    }

    /// Index of the first step whose start is ≥ `value`.
    private func lowerBound(_ value: Int64) -> Int {
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Counts of window `(at − W, at]`.
    public func counts(window: PromDuration, at: Int64) -> WindowCounts {
        guard let range = Evaluator.stepRange(window: window, at: at, stepSeconds: stepSeconds) else {
            return WindowCounts(errors: 0, total: 0, stepsWithData: 0)
        }
        let first = lowerBound(range.lowerBound)
        let end = lowerBound(range.upperBound + 1)
        return WindowCounts(
            errors: cumulativeErrors[end] - cumulativeErrors[first],
            total: cumulativeTotal[end] - cumulativeTotal[first],
            stepsWithData: end - first)
    }

    /// Counts of every window of `slo` at `at`, ready for `Evaluator.evaluate`.
    public func counts(for slo: SLO, at: Int64) -> [PromDuration: WindowCounts] {
        Dictionary(uniqueKeysWithValues: slo.windows.map { ($0, counts(window: $0, at: at)) })
    }
}
