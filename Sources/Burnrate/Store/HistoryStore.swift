internal import CSQLite
import Foundation

/// The SQLite history: per SLO, per step, the error and total event counts.
///
/// One row per (SLO, step): `errors` and `total` of the step `(step_start, step_start + step]`.
/// A missing row is a gap (no data); a step with traffic but no error series stores 0 errors,
/// since Prometheus returns nothing for `sum()` over error series that do not exist yet. Each row
/// also carries running totals (`cum_*`) so that any window is two index lookups, not a scan.
public final class HistoryStore {
    public static let schemaVersion: Int64 = 1
    public let path: String
    let db: SQLiteConnection

    /// Prepared once, reused for every window lookup.
    private var cumBeforeStatement: SQLiteStatement!
    private var firstFromStatement: SQLiteStatement!

    /// Opens or creates the database (mode 0600), in WAL mode, migrated to the current schema.
    public init(path: String, readOnly: Bool = false) throws(SQLiteError) {
        self.path = path
        db = try SQLiteConnection(path: path, readOnly: readOnly)
        if !readOnly {
            try db.enableWAL()
            try migrate()
        } else {
            let version = try db.scalarInt("PRAGMA user_version") ?? 0
            if version > Self.schemaVersion {
                throw SQLiteError(code: SQLITE_ERROR, message: "database schema is newer than this burnrate", sql: nil)
            }
            if version == 0 {
                throw SQLiteError(
                    code: SQLITE_NOTADB, message: "'\(path)' is not a burnrate history database (no schema)", sql: nil)
            }
        }
        cumBeforeStatement = try db.prepare(
            "SELECT cum_errors, cum_total, cum_steps FROM step WHERE slo = ?1 AND step_start < ?2 ORDER BY step_start DESC LIMIT 1"
        )
        firstFromStatement = try db.prepare(
            "SELECT errors, total, cum_errors, cum_total, cum_steps FROM step WHERE slo = ?1 AND step_start >= ?2 ORDER BY step_start LIMIT 1"
        )
    }

    /// Forward migrations, each in its own transaction, keyed by `PRAGMA user_version`.
    private func migrate() throws(SQLiteError) {
        let version = try db.scalarInt("PRAGMA user_version") ?? 0
        if version > Self.schemaVersion {
            throw SQLiteError(
                code: SQLITE_ERROR,
                message:
                    "database schema version \(version) is newer than this burnrate understands (\(Self.schemaVersion))",
                sql: nil)
        }
        if version == 0, try db.scalarInt("SELECT COUNT(*) FROM sqlite_master") ?? 0 > 0 {
            // Someone else's database: never add our tables to it.
            throw SQLiteError(
                code: SQLITE_NOTADB, message: "'\(path)' is an SQLite database of another program", sql: nil)
        }
        let migrations: [(Int64, String)] = [
            (
                1,
                """
                CREATE TABLE slo (
                    id INTEGER PRIMARY KEY,
                    slo_id TEXT NOT NULL UNIQUE,
                    step_seconds INTEGER NOT NULL CHECK (step_seconds > 0),
                    definition_hash TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                ) STRICT;
                CREATE TABLE definition_change (
                    slo INTEGER NOT NULL REFERENCES slo(id),
                    definition_hash TEXT NOT NULL,
                    changed_at INTEGER NOT NULL,
                    PRIMARY KEY (slo, changed_at, definition_hash)
                ) STRICT;
                CREATE TABLE step (
                    slo INTEGER NOT NULL,
                    step_start INTEGER NOT NULL,
                    errors REAL NOT NULL,
                    total REAL NOT NULL,
                    cum_errors REAL NOT NULL,
                    cum_total REAL NOT NULL,
                    cum_steps INTEGER NOT NULL,
                    PRIMARY KEY (slo, step_start)
                ) STRICT, WITHOUT ROWID;
                """
            )
        ]
        for (target, sql) in migrations where target > version {
            do {
                try db.transaction {
                    try db.execute(sql)
                    try db.execute("PRAGMA user_version = \(target)")
                }
            } catch let error as SQLiteError {
                throw error
            } catch {
                throw SQLiteError(code: SQLITE_ERROR, message: "\(error)", sql: nil)
            }
        }
    }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try db.transaction(body)
    }

    // MARK: - SLOs and definitions

    public struct SLORecord: Sendable, Equatable {
        public var key: Int64
        public var stepSeconds: Int64
        public var definitionHash: String
    }

    public func sloRecord(_ sloID: String) throws(SQLiteError) -> SLORecord? {
        let statement = try db.prepare("SELECT id, step_seconds, definition_hash FROM slo WHERE slo_id = ?1")
        try statement.bind(1, sloID)
        guard try statement.step() else { return nil }
        return SLORecord(key: statement.int(0), stepSeconds: statement.int(1), definitionHash: statement.text(2) ?? "")
    }

    /// Registers the SLO (or notes a changed definition hash); returns its record and whether the
    /// definition changed since the last ingest.
    public func register(sloID: String, definitionHash: String, stepSeconds: Int64, at now: Int64)
        throws(SQLiteError) -> (record: SLORecord, changed: Bool)
    {
        if var record = try sloRecord(sloID) {
            guard record.definitionHash != definitionHash else { return (record, false) }
            let update = try db.prepare("UPDATE slo SET definition_hash = ?2 WHERE id = ?1")
            try update.bind(1, record.key)
            try update.bind(2, definitionHash)
            try update.step()
            try recordChange(record.key, definitionHash, now)
            record.definitionHash = definitionHash
            return (record, true)
        }
        let insert = try db.prepare(
            "INSERT INTO slo (slo_id, step_seconds, definition_hash, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id")
        try insert.bind(1, sloID)
        try insert.bind(2, stepSeconds)
        try insert.bind(3, definitionHash)
        try insert.bind(4, now)
        try insert.step()
        let key = insert.int(0)
        try recordChange(key, definitionHash, now)
        return (SLORecord(key: key, stepSeconds: stepSeconds, definitionHash: definitionHash), false)
    }

    private func recordChange(_ key: Int64, _ hash: String, _ now: Int64) throws(SQLiteError) {
        let insert = try db.prepare(
            "INSERT OR IGNORE INTO definition_change (slo, definition_hash, changed_at) VALUES (?1, ?2, ?3)")
        try insert.bind(1, key)
        try insert.bind(2, hash)
        try insert.bind(3, now)
        try insert.step()
    }

    /// Definition hashes of an SLO with the time each was first seen, oldest first.
    public func definitionChanges(_ sloID: String) throws(SQLiteError) -> [(hash: String, at: Int64)] {
        let statement = try db.prepare(
            "SELECT c.definition_hash, c.changed_at FROM definition_change c JOIN slo s ON s.id = c.slo WHERE s.slo_id = ?1 ORDER BY c.changed_at"
        )
        try statement.bind(1, sloID)
        var result: [(String, Int64)] = []
        while try statement.step() { result.append((statement.text(0) ?? "", statement.int(1))) }
        return result
    }

    // MARK: - Steps

    /// One step's counts, as ingested.
    public struct StepCounts: Sendable, Equatable {
        public var start: Int64
        public var errors: Double
        public var total: Double
        public init(start: Int64, errors: Double, total: Double) {
            self.start = start
            self.errors = errors
            self.total = total
        }
    }

    /// Replaces the history of `[from, through]` (step starts) with `steps` (sorted, inside the
    /// range): rows in the range that `steps` lacks become gaps. Running totals of later rows are
    /// rewritten when the range is not at the end. Call inside a transaction.
    public func replaceSteps(slo: SLORecord, from: Int64, through: Int64, steps: [StepCounts]) throws(SQLiteError) {
        let delete = try db.prepare("DELETE FROM step WHERE slo = ?1 AND step_start BETWEEN ?2 AND ?3")
        try delete.bind(1, slo.key)
        try delete.bind(2, from)
        try delete.bind(3, through)
        try delete.step()

        var base = try cumulativeBefore(slo: slo.key, start: from)
        let insert = try db.prepare(
            "INSERT INTO step (slo, step_start, errors, total, cum_errors, cum_total, cum_steps) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        )
        for step in steps {
            base.add(step)
            insert.reset()
            try insert.bind(1, slo.key)
            try insert.bind(2, step.start)
            try insert.bind(3, step.errors)
            try insert.bind(4, step.total)
            try insert.bind(5, base.errors)
            try insert.bind(6, base.total)
            try insert.bind(7, Int64(base.stepsWithData))
            try insert.step()
        }

        // Rows after the range (a backfill in the middle): their running totals shift.
        let later = try db.prepare(
            "SELECT step_start, errors, total FROM step WHERE slo = ?1 AND step_start > ?2 ORDER BY step_start")
        try later.bind(1, slo.key)
        try later.bind(2, through)
        var pending: [StepCounts] = []
        while try later.step() {
            pending.append(StepCounts(start: later.int(0), errors: later.double(1), total: later.double(2)))
        }
        guard !pending.isEmpty else { return }
        let update = try db.prepare(
            "UPDATE step SET cum_errors = ?3, cum_total = ?4, cum_steps = ?5 WHERE slo = ?1 AND step_start = ?2")
        for step in pending {
            base.add(step)
            update.reset()
            try update.bind(1, slo.key)
            try update.bind(2, step.start)
            try update.bind(3, base.errors)
            try update.bind(4, base.total)
            try update.bind(5, Int64(base.stepsWithData))
            try update.step()
        }
    }

    /// Running totals just before `start`: of the last row before it, or — when retention removed
    /// everything earlier — of the first row at or after it minus that row.
    func cumulativeBefore(slo: Int64, start: Int64) throws(SQLiteError) -> WindowCounts {
        do {
            let before: SQLiteStatement = cumBeforeStatement
            before.reset()
            try before.bind(1, slo)
            try before.bind(2, start)
            if try before.step() {
                let result = WindowCounts(
                    errors: before.double(0), total: before.double(1), stepsWithData: Int(before.int(2)))
                before.reset()
                return result
            }
        }
        do {
            let first: SQLiteStatement = firstFromStatement
            first.reset()
            try first.bind(1, slo)
            try first.bind(2, start)
            if try first.step() {
                let result = WindowCounts(
                    errors: first.double(2) - first.double(0), total: first.double(3) - first.double(1),
                    stepsWithData: Int(first.int(4) - 1))
                first.reset()
                return result
            }
        }
        return WindowCounts(errors: 0, total: 0, stepsWithData: 0)
    }

    /// Sums over the steps whose start lies in `[from, through]`: two index lookups.
    public func sums(slo: SLORecord, from: Int64, through: Int64) throws(SQLiteError) -> WindowCounts {
        guard through >= from else { return WindowCounts(errors: 0, total: 0, stepsWithData: 0) }
        let end = try cumulativeBefore(slo: slo.key, start: through + 1)
        let start = try cumulativeBefore(slo: slo.key, start: from)
        return WindowCounts(
            errors: end.errors - start.errors, total: end.total - start.total,
            stepsWithData: end.stepsWithData - start.stepsWithData)
    }

    /// Every stored step with its start in `[from, through]`, oldest first.
    public func steps(slo: SLORecord, from: Int64, through: Int64) throws(SQLiteError) -> [StepCounts] {
        let statement = try db.prepare(
            "SELECT step_start, errors, total FROM step WHERE slo = ?1 AND step_start BETWEEN ?2 AND ?3 ORDER BY step_start"
        )
        try statement.bind(1, slo.key)
        try statement.bind(2, from)
        try statement.bind(3, through)
        var result: [StepCounts] = []
        while try statement.step() {
            result.append(StepCounts(start: statement.int(0), errors: statement.double(1), total: statement.double(2)))
        }
        return result
    }

    /// The newest stored step start of an SLO.
    public func lastStepStart(slo: SLORecord) throws(SQLiteError) -> Int64? {
        let statement = try db.prepare("SELECT MAX(step_start) FROM step WHERE slo = ?1")
        try statement.bind(1, slo.key)
        guard try statement.step(), !statement.isNull(0) else { return nil }
        return statement.int(0)
    }

    /// Deletes steps older than `retention` before the newest stored step of each SLO (measured
    /// from the data, not the wall clock, so replayed history survives). Returns rows deleted.
    @discardableResult
    public func prune(retentionSeconds: Int64) throws(SQLiteError) -> Int64 {
        try db.execute(
            """
            DELETE FROM step WHERE step_start < (
                SELECT MAX(s2.step_start) FROM step s2 WHERE s2.slo = step.slo) - \(retentionSeconds)
            """)
        return try db.scalarInt("SELECT changes()") ?? 0
    }
}

extension WindowCounts {
    /// Adds one step to running totals.
    fileprivate mutating func add(_ step: HistoryStore.StepCounts) {
        errors += step.errors
        total += step.total
        stepsWithData += 1
    }
}
