import Burnrate
import Foundation

/// `burnrate backtest [PATH…] [--slo ID] [--from T] [--to T] [--format text|json]`: when would
/// each alert pair have fired over the stored history?
enum BacktestCommand {
    static let spec = CommandSpec(
        name: "backtest",
        overview: "Replay the alert policy over stored history: when each pair would have fired.",
        positional: ("paths", "SLO definition files or directories, read recursively (default: slos)"),
        options: [
            HistoryOptions.db,
            OptionSpec(["--slo"], value: "id", help: "Only this SLO (<service>/<name>).", repeatable: true),
            OptionSpec(["--from"], value: "time", help: "First instant (default: one period before --to)."),
            OptionSpec(["--to"], value: "time", help: "Last instant (default: the newest stored step)."),
            OptionSpec(
                ["--format"], value: "format", help: "text or json (default: text).", allowed: ["text", "json"]),
        ])

    static func run(_ arguments: ParsedArguments, streams: OutputStreams) throws(CommandError) -> ExitCode {
        let now = TimeArgument.wallClock
        let from = try arguments.value("--from").map { t throws(CommandError) in
            try TimeArgument.parse(t, option: "--from", now: now)
        }
        let to = try arguments.value("--to").map { t throws(CommandError) in
            try TimeArgument.parse(t, option: "--to", now: now)
        }
        let definitions = try LoadDefinitions.run(paths: arguments.positionals, streams: streams)
        let slos = try LoadDefinitions.select(definitions.slos, ids: arguments.repeated["--slo"])
        let dbPath = HistoryOptions.databasePath(arguments)
        let store = try HistoryOptions.open(dbPath, readOnly: true)
        var results: [BacktestResult] = []
        do {
            for slo in slos {
                guard let record = try store.sloRecord(slo.id), let last = try store.lastStepStart(slo: record) else {
                    streams.errLine("note: no history for \(slo.id); skipped")
                    continue
                }
                let step = record.stepSeconds
                let end = Evaluator.align(to ?? (last + step), stepSeconds: step)
                let start = from ?? (end - Int64(slo.period.milliseconds / 1000))
                let longest = Int64((slo.windows.last ?? slo.period).milliseconds / 1000)
                let steps = try store.steps(slo: record, from: start - longest, through: end)
                let sums = PrefixSums(stepSeconds: step, steps: steps.map { ($0.start, $0.errors, $0.total) })
                results.append(Backtester.run(slo, sums: sums, from: start, to: end))
            }
        } catch {
            throw HistoryOptions.storeError(error, path: dbPath)
        }
        if arguments.value("--format") == "json" {
            let items = results.map { result -> JSONValue in
                let pairs = result.slo.alerting.policy.pairs.map { pair -> (String, JSONValue) in
                    let spans = (result.spans[pair.name] ?? []).map { span -> JSONValue in
                        .object([
                            ("first", .string(TimeArgument.rfc3339(span.first))),
                            ("last", .string(TimeArgument.rfc3339(span.last))),
                            ("first_unix", .number(Double(span.first))), ("last_unix", .number(Double(span.last))),
                        ])
                    }
                    return (
                        pair.name, .object([("severity", .string(pair.severity.rawValue)), ("spans", .array(spans))])
                    )
                }
                return .object([
                    ("id", .string(result.slo.id)), ("from", .string(TimeArgument.rfc3339(result.from))),
                    ("to", .string(TimeArgument.rfc3339(result.to))),
                    ("step_seconds", .number(Double(result.stepSeconds))),
                    ("instants", .number(Double(result.instants))), ("pairs", .object(pairs)),
                ])
            }
            streams.out(JSONValue.object([("slos", .array(items))]).rendered() + "\n")
        } else {
            for result in results {
                streams.outLine(
                    "\(result.slo.id): \(result.instants) instants from \(TimeArgument.rfc3339(result.from)) to \(TimeArgument.rfc3339(result.to))"
                )
                for pair in result.slo.alerting.policy.pairs {
                    let spans = result.spans[pair.name] ?? []
                    let factor = NumberFormat.format(pair.factor(period: result.slo.period))
                    streams.outLine(
                        "  \(pair.severity.rawValue) \(pair.name) > \(factor)x: \(spans.isEmpty ? "never fired" : "\(spans.count) time\(spans.count == 1 ? "" : "s")")"
                    )
                    for span in spans {
                        streams.outLine("    \(TimeArgument.rfc3339(span.first)) … \(TimeArgument.rfc3339(span.last))")
                    }
                }
            }
        }
        return .success
    }
}
