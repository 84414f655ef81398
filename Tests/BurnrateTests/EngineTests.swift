import Burnrate
import Testing

/// The engine's maths against numbers worked by hand from the SRE workbook formulas.
@Suite("Engine maths")
struct EngineTests {
    static let location = SourceLocation(file: "test", mark: SourceMark(line: 1, column: 1))

    static func slo(objective: Double = 99.9, period: PromDuration = .days(30), minEvents: Int? = nil) -> SLO {
        SLO(
            service: "svc", name: "avail", objectivePercent: objective, period: period, minEvents: minEvents,
            sli: .events(errorQuery: "e[{{.window}}]", goodQuery: nil, totalQuery: "t[{{.window}}]"),
            location: location)
    }

    /// Uniform traffic: `perStep` requests per 5m step, `errorRatio[w]` per window.
    static func counts(_ slo: SLO, total perStep: Double, ratio: (PromDuration) -> Double) -> [PromDuration:
        WindowCounts]
    {
        Dictionary(
            uniqueKeysWithValues: slo.windows.map { window in
                let steps = Int(window.milliseconds / 300_000)
                let total = perStep * Double(steps)
                return (window, WindowCounts(errors: total * ratio(window), total: total, stepsWithData: steps))
            })
    }

    @Test("2 % errors on a 99.9 % SLO burn at 20x and page on 1h/5m (20 > 14.4)")
    func fastBurnPages() throws {
        let slo = Self.slo()
        let counts = Self.counts(slo, total: 1000) { $0 <= .hours(1) ? 0.02 : 0.0005 }
        let evaluation = Evaluator.evaluate(slo, at: 0, stepSeconds: 300, counts: counts)
        let hour = try #require(evaluation.window(.hours(1)))
        #expect(abs(hour.errorRatio! - 0.02) < 1e-12)
        #expect(abs(hour.burnRate! - 20) < 1e-9)
        #expect(evaluation.page.firing)
        #expect(evaluation.page.pair?.name == "1h/5m")
        // 6h at 0.05 % is a burn of 0.5: the 6h/30m pair stays quiet, and no ticket.
        #expect(!evaluation.ticket.firing)
    }

    @Test("period budget: 0.05 % errors over 30d consume half the 0.1 % budget; remaining 21.6 min")
    func budget() throws {
        let slo = Self.slo()
        let counts = Self.counts(slo, total: 1000) { _ in 0.0005 }
        let evaluation = Evaluator.evaluate(slo, at: 0, stepSeconds: 300, counts: counts)
        // consumed = errors / (budget × total) = 0.0005 / 0.001 = 0.5
        #expect(abs(evaluation.budget.consumedRatio! - 0.5) < 1e-12)
        #expect(abs(evaluation.budget.remainingRatio! - 0.5) < 1e-12)
        // 99.9 % over 30d allows 43.2 minutes; half of it is left.
        #expect(abs(evaluation.budget.remainingMinutes! - 21.6) < 1e-9)
        // remaining events = 0.001 × 8,640,000 − 4,320 = 4,320
        #expect(abs(evaluation.budget.remainingEvents! - 4320) < 1e-6)
        // Exhaustion at the 1h burn rate 0.5: 0.5 × 30d / 0.5 = 30 days.
        #expect(abs(evaluation.budget.timeToExhaustionSeconds! - 30 * 86400) < 1e-3)
    }

    @Test("time to exhaustion at burn rate 10 with the whole budget left is 3 days (workbook table 5-4)")
    func exhaustionTable() throws {
        let slo = Self.slo()
        var counts = Self.counts(slo, total: 1000) { $0 == .hours(1) ? 0.01 : 0 }
        counts[.days(30)] = WindowCounts(errors: 0, total: 8_640_000, stepsWithData: 8640)
        let evaluation = Evaluator.evaluate(slo, at: 0, stepSeconds: 300, counts: counts)
        #expect(abs(evaluation.budget.timeToExhaustionSeconds! - 3 * 86400) < 1e-3)
    }

    @Test("no traffic is 'no data': nil ratio and burn rate, never 0 % or NaN; no alert")
    func noData() throws {
        let slo = Self.slo()
        let evaluation = Evaluator.evaluate(slo, at: 0, stepSeconds: 300, counts: [:])
        for window in evaluation.windows {
            #expect(window.errorRatio == nil)
            #expect(window.burnRate == nil)
            #expect(window.coverage == 0)
        }
        #expect(evaluation.budget.consumedRatio == nil)
        #expect(!evaluation.page.firing && !evaluation.ticket.firing)
    }

    @Test("min_events holds an alert back when the long window saw fewer events")
    func minEvents() throws {
        let slo = Self.slo(minEvents: 100_000)
        let counts = Self.counts(slo, total: 10) { _ in 0.5 }
        let evaluation = Evaluator.evaluate(slo, at: 0, stepSeconds: 300, counts: counts)
        #expect(!evaluation.page.firing)
        #expect(evaluation.page.suppressedByMinEvents)
    }

    @Test("28d: 1.4 % errors page at factor 13.44 although they stay below 14.4")
    func period28d() throws {
        let slo = Self.slo(period: .days(28))
        let counts = Self.counts(slo, total: 1000) { $0 <= .hours(1) ? 0.014 : 0.0005 }
        let evaluation = Evaluator.evaluate(slo, at: 0, stepSeconds: 300, counts: counts)
        #expect(evaluation.page.firing)
        #expect(evaluation.page.pair?.factor(period: slo.period) == 13.44)
    }

    @Test("coverage is the share of the window's steps with data")
    func coverage() throws {
        let slo = Self.slo()
        let counts: [PromDuration: WindowCounts] = [.hours(1): WindowCounts(errors: 0, total: 90, stepsWithData: 9)]
        let evaluation = Evaluator.evaluate(slo, at: 0, stepSeconds: 300, counts: counts)
        #expect(evaluation.window(.hours(1))?.coverage == 0.75)
    }

    @Test("window step ranges: (at − W, at] holds steps starting in [at − W, at − step]")
    func stepRange() {
        #expect(Evaluator.stepRange(window: .hours(1), at: 7200, stepSeconds: 300) == 3600...6900)
        #expect(Evaluator.align(7399, stepSeconds: 300) == 7200)
        #expect(Evaluator.align(-1, stepSeconds: 300) == -300)
    }
}
