import Burnrate
import Foundation

/// `burnrate status [PATH…] [--at T] [--slo ID] [--format table|json]`
enum StatusCommand {
    static let spec = CommandSpec(
        name: "status",
        overview: "Burn rates, error budget and alert state of every SLO at an instant, from history.",
        positional: ("paths", "SLO definition files or directories, read recursively (default: slos)"),
        options: [
            HistoryOptions.db,
            OptionSpec(
                ["--at"], value: "time", help: "The instant (default: now); aligned down to the history's step."),
            OptionSpec(["--slo"], value: "id", help: "Only this SLO (<service>/<name>).", repeatable: true),
            OptionSpec(
                ["--format"], value: "format", help: "table or json (default: table).", allowed: ["table", "json"]),
        ],
        discussion: "Run 'burnrate ingest' first to fill the history.")

    static func run(_ arguments: ParsedArguments, streams: OutputStreams) throws(CommandError) -> ExitCode {
        let now = TimeArgument.wallClock
        let at =
            try arguments.value("--at").map { t throws(CommandError) in
                try TimeArgument.parse(t, option: "--at", now: now)
            } ?? now
        let definitions = try LoadDefinitions.run(paths: arguments.positionals, streams: streams)
        let slos = try LoadDefinitions.select(definitions.slos, ids: arguments.repeated["--slo"])
        let dbPath = HistoryOptions.databasePath(arguments)
        let store = try HistoryOptions.open(dbPath, readOnly: true)

        var evaluations: [SLOEvaluation] = []
        var withHistory: Set<String> = []
        var alignedAt = at
        do {
            for slo in slos {
                guard let record = try store.sloRecord(slo.id) else {
                    evaluations.append(Evaluator.evaluate(slo, at: at, stepSeconds: 300, counts: [:]))
                    continue
                }
                withHistory.insert(slo.id)
                let instant = Evaluator.align(at, stepSeconds: record.stepSeconds)
                alignedAt = instant
                var counts: [PromDuration: WindowCounts] = [:]
                for window in slo.windows {
                    if let range = Evaluator.stepRange(window: window, at: instant, stepSeconds: record.stepSeconds) {
                        counts[window] = try store.sums(slo: record, from: range.lowerBound, through: range.upperBound)
                    }
                }
                evaluations.append(
                    Evaluator.evaluate(slo, at: instant, stepSeconds: record.stepSeconds, counts: counts))
            }
        } catch {
            throw HistoryOptions.storeError(error, path: dbPath)
        }
        let atText = TimeArgument.rfc3339(alignedAt)
        if arguments.value("--format") == "json" {
            streams.out(StatusRenderer.json(evaluations, at: atText, hasHistory: { withHistory.contains($0) }))
        } else {
            let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            streams.out(StatusRenderer.table(evaluations, at: atText, color: color))
            let missing = slos.filter { !withHistory.contains($0.id) }.map(\.id)
            if !missing.isEmpty {
                streams.errLine("note: no history for \(missing.joined(separator: ", ")); run 'burnrate ingest'")
            }
        }
        return .success
    }
}
