import Burnrate
import Testing

@Suite("Model: durations, numbers, burn factors")
struct ModelTests {
    @Test(
        "Prometheus durations parse and print as Prometheus prints them",
        arguments: [
            ("5m", "5m"), ("90m", "1h30m"), ("24h", "1d"), ("28d", "4w"), ("7d", "1w"), ("30d", "30d"),
            ("1h30m", "1h30m"),
            ("90d", "90d"), ("14d", "2w"), ("365d", "1y"), ("1500ms", "1s500ms"),
        ])
    func durations(_ text: String, _ printed: String) throws {
        let duration = try #require(PromDuration(parsing: text))
        #expect(duration.description == printed)
    }

    @Test("not durations", arguments: ["", "30", "30 days", "1.5h", "5mm", "m", "1m1h", "-5m", "0s"])
    func notDurations(_ text: String) {
        #expect(PromDuration(parsing: text) == nil)
    }

    static let numberCases: [(Double, String)] = [
        (1 - 0.999, "0.001"), (0.1 + 0.2, "0.3"), (14.4, "14.4"), (0.02 * 672, "13.44"),
        (10.0 / 3 * 0.28, "0.933333333333333"), (1e-5, "1e-05"), (30, "30"), (0.9995, "0.9995"),
    ]

    @Test("numbers print without float noise", arguments: numberCases)
    func numbers(_ value: Double, _ printed: String) {
        #expect(NumberFormat.format(value) == printed)
    }

    /// factor = budget share × period / long window (SRE workbook, "Alerting on SLOs"); the
    /// expected values are worked by hand: 0.02 × 720h / 1h = 14.4, 0.02 × 672h / 1h = 13.44, …
    static let factorCases: [(Int64, [Double])] = [
        (30, [14.4, 6, 3, 1]),
        (28, [13.44, 5.6, 2.8, 0.933333333333333]),
        (7, [3.36, 1.4, 0.7, 0.233333333333333]),
        (90, [43.2, 18, 9, 3]),
    ]

    @Test("burn factors are derived from the period", arguments: factorCases)
    func factors(_ periodDays: Int64, _ expected: [Double]) {
        let period = PromDuration.days(periodDays)
        #expect(AlertPolicy.workbook.pairs.map { $0.factor(period: period) } == expected)
    }

    static let budgetCases: [(Double, Double)] = [(99.9, 0.001), (99.95, 0.0005), (99.5, 0.005), (99.999, 0.00001)]

    @Test("error budget is 1 − objective without noise", arguments: budgetCases)
    func budgets(_ objective: Double, _ budget: Double) {
        #expect(SLO.errorBudgetRatio(objectivePercent: objective) == budget)
    }

    @Test("windows: the standard set, the policy's windows and the period, ascending")
    func windows() throws {
        let location = SourceLocation(file: "x", mark: SourceMark(line: 1, column: 1))
        var slo = SLO(
            service: "s", name: "n", objectivePercent: 99, period: .days(28), sli: .raw(errorRatioQuery: "q"),
            location: location)
        #expect(slo.windows.map(\.description) == ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "4w"])
        slo.period = .days(2)
        slo.alerting.policy = AlertPolicy(pairs: [
            BurnWindowPair(short: .minutes(10), long: .hours(12), budgetPercent: 20, severity: .page)
        ])
        #expect(slo.windows.map(\.description) == ["5m", "10m", "30m", "1h", "2h", "6h", "12h", "1d", "2d"])
    }
}
