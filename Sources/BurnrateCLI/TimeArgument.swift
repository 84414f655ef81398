import Burnrate
import Foundation

/// Times on the command line: RFC 3339 (`2026-01-08T00:00:00Z`), unix seconds, `now`, `now-6h`.
enum TimeArgument {
    /// Years 0000 to 9999: enough for any history, and far from Int64 overflow in step maths.
    static let validRange: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

    static func parse(_ text: String, option: String, now: Int64) throws(CommandError) -> Int64 {
        let value = try parseUnchecked(text, option: option, now: now)
        guard validRange.contains(value) else {
            throw .usage("Invalid time '\(text)' for '\(option)': it must lie between the years 0 and 9999.")
        }
        return value
    }

    private static func parseUnchecked(_ text: String, option: String, now: Int64) throws(CommandError) -> Int64 {
        if text == "now" { return now }
        if text.hasPrefix("now-") || text.hasPrefix("now+") {
            let sign: Int64 = text.hasPrefix("now-") ? -1 : 1
            guard let duration = PromDuration(parsing: String(text.dropFirst(4))),
                duration.milliseconds / 1000 < validRange.upperBound
            else {
                throw .usage("Invalid time '\(text)' for '\(option)': expected now-<duration> such as now-6h.")
            }
            return now + sign * duration.milliseconds / 1000
        }
        if let seconds = Int64(text) { return seconds }
        if let seconds = Double(text), seconds.isFinite, abs(seconds) < 1e15 { return Int64(seconds) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970) }
        throw .usage(
            "Invalid time '\(text)' for '\(option)': use RFC 3339 (2026-01-08T00:00:00Z), unix seconds, now or now-6h.")
    }

    static func duration(_ text: String, option: String) throws(CommandError) -> PromDuration {
        guard let duration = PromDuration(parsing: text) else {
            throw .usage("Invalid duration '\(text)' for '\(option)': use a Prometheus duration such as 5m, 1h, 90d.")
        }
        return duration
    }

    /// `--step`: whole seconds, at least 1s, and dividing every window of every SLO, so that each
    /// window is a whole number of stored steps (otherwise its sums would not be that window).
    static func step(_ text: String?, slos: [SLO]) throws(CommandError) -> Int64 {
        let step = try duration(text ?? "5m", option: "--step")
        guard step.milliseconds % 1000 == 0 else { throw .usage("--step must be whole seconds, found \(step).") }
        let seconds = step.milliseconds / 1000
        try checkDivides(stepSeconds: seconds, slos: slos, source: "--step \(step)")
        return seconds
    }

    /// Every window must be a whole number of steps, or its sums would not be that window.
    static func checkDivides(stepSeconds: Int64, slos: [SLO], source: String) throws(CommandError) {
        for slo in slos {
            for window in slo.windows where window.milliseconds % (stepSeconds * 1000) != 0 {
                throw .usage(
                    "\(source) does not divide the \(window) window of \(slo.id); use a step that does, such as 5m or 1m."
                )
            }
        }
    }

    static func rfc3339(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static var wallClock: Int64 { Int64(Date().timeIntervalSince1970) }
}

/// Options shared by the commands that touch history.
enum HistoryOptions {
    static let db = OptionSpec(
        ["--db"], value: "file", help: "The history database (default: $BURNRATE_DB, else burnrate.db).")

    static func databasePath(_ arguments: ParsedArguments) -> String {
        arguments.value("--db") ?? ProcessInfo.processInfo.environment["BURNRATE_DB"] ?? "burnrate.db"
    }

    /// Opens the store, turning SQLite problems into exit codes (75 busy, 74 I/O).
    static func open(_ path: String, readOnly: Bool = false) throws(CommandError) -> HistoryStore {
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw CommandError(
                "no history database at '\(path)'; run 'burnrate ingest' first or pass --db", code: .missingInput)
        }
        do {
            return try HistoryStore(path: path, readOnly: readOnly)
        } catch {
            throw storeError(error, path: path)
        }
    }

    static func storeError(_ error: SQLiteError, path: String) -> CommandError {
        if error.isNotADatabase {
            return CommandError(
                "'\(path)' is not a burnrate history database; pass the file 'burnrate ingest' wrote (--db)",
                code: .invalidInput)
        }
        if error.isBusy {
            return CommandError(
                "the history database '\(path)' is locked by another burnrate process; try again when it has finished",
                code: .busy)
        }
        return CommandError("history database '\(path)': \(error)", code: .ioError)
    }
}
