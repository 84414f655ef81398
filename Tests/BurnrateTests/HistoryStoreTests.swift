import Burnrate
import Foundation
import Testing

/// The SQLite history on real files: replace-not-double-count, gaps, backfills, retention, and
/// window sums checked against a plain summation of the rows written (an independent oracle).
@Suite("History store")
struct HistoryStoreTests {
    static func temporaryDatabase() throws -> (HistoryStore, URL) {
        let directory = try TestPaths.temporaryDirectory("store")
        let path = directory.appendingPathComponent("history.db")
        return (try HistoryStore(path: path.path), directory)
    }

    /// Deterministic pseudo-random steps (a linear congruential generator, no Foundation RNG).
    static func steps(from: Int64, count: Int, seed: UInt64, gapEvery: Int = 0) -> [HistoryStore.StepCounts] {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 33) / Double(1 << 31)
        }
        var result: [HistoryStore.StepCounts] = []
        for index in 0..<count {
            let total = (next() * 1000).rounded()
            let errors = (next() * total * 0.01).rounded()
            if gapEvery > 0, index % gapEvery == gapEvery - 1 { continue }
            result.append(HistoryStore.StepCounts(start: from + Int64(index) * 300, errors: errors, total: total))
        }
        return result
    }

    static func naiveSum(_ steps: [HistoryStore.StepCounts], from: Int64, through: Int64) -> WindowCounts {
        let inside = steps.filter { $0.start >= from && $0.start <= through }
        return WindowCounts(
            errors: inside.reduce(0) { $0 + $1.errors }, total: inside.reduce(0) { $0 + $1.total },
            stepsWithData: inside.count)
    }

    @Test("schema version, WAL mode and a private file (0600)")
    func fileProperties() throws {
        let (_, directory) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("history.db").path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let sqlite = try Run.tool("sqlite3")
        let result = try Run.process(sqlite, [path, "PRAGMA user_version; PRAGMA journal_mode;"])
        #expect(result.stdout == "\(HistoryStore.schemaVersion)\nwal\n")
    }

    @Test("window sums equal a plain sum of the rows written, with gaps, for many windows")
    func sumsMatchNaive() throws {
        let (store, directory) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let steps = Self.steps(from: 1_000_000_200, count: 3000, seed: 7, gapEvery: 17)
        let (record, _) = try store.register(sloID: "a/b", definitionHash: "h", stepSeconds: 300, at: 0)
        try store.transaction {
            try store.replaceSteps(slo: record, from: steps.first!.start, through: steps.last!.start, steps: steps)
        }
        let sums = PrefixSums(stepSeconds: 300, steps: steps.map { ($0.start, $0.errors, $0.total) })
        for (from, through) in [
            (1_000_000_200, 1_000_000_200), (1_000_030_200, 1_000_300_000), (999_000_000, 1_000_100_000),
            (1_000_500_000, 1_002_000_000),
        ] as [(Int64, Int64)] {
            let expected = Self.naiveSum(steps, from: from, through: through)
            let stored = try store.sums(slo: record, from: from, through: through)
            #expect(stored.stepsWithData == expected.stepsWithData)
            #expect(abs(stored.errors - expected.errors) < 1e-6)
            #expect(abs(stored.total - expected.total) < 1e-6)
            // The in-memory prefix sums (used for every-step evaluation) agree.
            let at = through + 300
            let window = PromDuration(seconds: at - from)
            let memory = sums.counts(window: window, at: at)
            #expect(memory.stepsWithData == expected.stepsWithData)
            #expect(abs(memory.total - expected.total) < 1e-6)
        }
    }

    @Test("re-ingesting a range replaces it; a backfill in the middle keeps later sums right")
    func replaceAndBackfill() throws {
        let (store, directory) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (record, _) = try store.register(sloID: "a/b", definitionHash: "h", stepSeconds: 300, at: 0)
        var steps = Self.steps(from: 0, count: 1000, seed: 1)
        try store.transaction { try store.replaceSteps(slo: record, from: 0, through: 999 * 300, steps: steps) }
        // The same range again: nothing doubles.
        try store.transaction { try store.replaceSteps(slo: record, from: 0, through: 999 * 300, steps: steps) }
        #expect(
            try store.sums(slo: record, from: 0, through: 999 * 300)
                == Self.naiveSum(steps, from: 0, through: 999 * 300))
        // Replace the middle with different numbers and a gap: later windows reflect it.
        let middle = Self.steps(from: 400 * 300, count: 100, seed: 99, gapEvery: 10)
        try store.transaction {
            try store.replaceSteps(slo: record, from: 400 * 300, through: 499 * 300, steps: middle)
        }
        steps.removeAll { $0.start >= 400 * 300 && $0.start <= 499 * 300 }
        steps += middle
        steps.sort { $0.start < $1.start }
        for (from, through) in [(0, 999 * 300), (450 * 300, 800 * 300), (600 * 300, 700 * 300)] as [(Int64, Int64)] {
            let stored = try store.sums(slo: record, from: from, through: through)
            let expected = Self.naiveSum(steps, from: from, through: through)
            #expect(stored.stepsWithData == expected.stepsWithData)
            #expect(abs(stored.errors - expected.errors) < 1e-6 && abs(stored.total - expected.total) < 1e-6)
        }
    }

    @Test("retention counts back from the newest stored step, and windows after pruning stay exact")
    func retention() throws {
        let (store, directory) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (record, _) = try store.register(sloID: "a/b", definitionHash: "h", stepSeconds: 300, at: 0)
        let steps = Self.steps(from: 0, count: 2000, seed: 3)
        try store.transaction { try store.replaceSteps(slo: record, from: 0, through: 1999 * 300, steps: steps) }
        // Keep 1000 steps (5000 minutes) back from the newest step (1999 × 300).
        let deleted = try store.prune(retentionSeconds: 1000 * 300)
        #expect(deleted == 999)
        let kept = steps.filter { $0.start >= 999 * 300 }
        let stored = try store.sums(slo: record, from: 1200 * 300, through: 1500 * 300)
        #expect(stored == Self.naiveSum(kept, from: 1200 * 300, through: 1500 * 300))
        let all = try store.sums(slo: record, from: 0, through: 1999 * 300)
        #expect(all.stepsWithData == kept.count)
    }

    @Test("a changed definition is recorded with the time it was seen")
    func definitionChanges() throws {
        let (store, directory) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try store.register(sloID: "a/b", definitionHash: "one", stepSeconds: 300, at: 100)
        let (_, unchanged) = try store.register(sloID: "a/b", definitionHash: "one", stepSeconds: 300, at: 200)
        let (_, changed) = try store.register(sloID: "a/b", definitionHash: "two", stepSeconds: 300, at: 300)
        #expect(!unchanged && changed)
        #expect(try store.definitionChanges("a/b").map(\.hash) == ["one", "two"])
        #expect(try store.definitionChanges("a/b").map(\.at) == [100, 300])
    }
}
