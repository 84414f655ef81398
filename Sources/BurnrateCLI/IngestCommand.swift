import Burnrate
import Foundation

/// `burnrate ingest [PATH…] (--prometheus URL | --from-dir DIR) [--from T] [--to T] [--step D]`
enum IngestCommand {
    static let spec = CommandSpec(
        name: "ingest",
        overview: "Store per-step error and total counts of every SLO in the history database.",
        positional: ("paths", "SLO definition files or directories, read recursively (default: slos)"),
        options: [HistoryOptions.db]
            + PrometheusOptions.specs + [
                OptionSpec(["--from-dir"], value: "dir", help: "Replay responses captured by 'burnrate capture'."),
                OptionSpec(
                    ["--from"], value: "time",
                    help: "First step end (default: after the last ingested step, else one period back)."),
                OptionSpec(["--to"], value: "time", help: "Last step end (default: now)."),
                OptionSpec(["--step"], value: "duration", help: "Step of the stored history (default: 5m)."),
                OptionSpec(
                    ["--retention"], value: "duration",
                    help: "Delete history older than this before the newest stored step, e.g. 90d."),
                OptionSpec(["-q", "--quiet"], help: "No progress on stderr."),
            ],
        discussion:
            "Times are RFC 3339, unix seconds, now or now-6h. Re-ingesting a range replaces it. One transaction: a failure leaves the previous history."
    )

    static func run(_ arguments: ParsedArguments, streams: OutputStreams) throws(CommandError) -> ExitCode {
        let connection = try PrometheusOptions.connection(arguments)
        let directory = arguments.value("--from-dir")
        if (connection == nil) == (directory == nil) {
            throw .usage("Give exactly one source: --prometheus URL or --from-dir DIR.")
        }
        let now = TimeArgument.wallClock
        let from = try arguments.value("--from").map { t throws(CommandError) in
            try TimeArgument.parse(t, option: "--from", now: now)
        }
        let to = try arguments.value("--to").map { t throws(CommandError) in
            try TimeArgument.parse(t, option: "--to", now: now)
        }
        let retention = try arguments.value("--retention").map { t throws(CommandError) in
            try TimeArgument.duration(t, option: "--retention")
        }
        let quiet = arguments.flag("--quiet")

        let definitions = try LoadDefinitions.run(paths: arguments.positionals, streams: streams)
        let stepSeconds = try TimeArgument.step(arguments.value("--step"), slos: definitions.slos)
        let step = PromDuration(seconds: stepSeconds)
        var manifest: CaptureManifest?
        if let directory {
            do {
                manifest = try CaptureManifest.read(from: directory)
            } catch {
                let missing = !FileManager.default.fileExists(atPath: directory)
                throw CommandError("\(error)", code: missing ? .missingInput : .invalidInput)
            }
        }
        if let manifest, manifest.stepSeconds != stepSeconds, arguments.value("--step") != nil {
            throw CommandError(
                "the capture in '\(directory!)' has step \(PromDuration(seconds: manifest.stepSeconds)), not \(step)",
                code: .invalidInput)
        }
        let effectiveStep = manifest?.stepSeconds ?? stepSeconds
        if manifest != nil {
            try TimeArgument.checkDivides(
                stepSeconds: effectiveStep, slos: definitions.slos,
                source: "the capture's step \(PromDuration(seconds: effectiveStep))")
        }

        let dbPath = HistoryOptions.databasePath(arguments)
        let store = try HistoryOptions.open(dbPath)
        let client = connection.map { PrometheusClient(connection: $0) }
        let ingestor = Ingestor(store: store)
        let slos = definitions.slos
        var totals = Ingestor.Summary()
        var ingested = 0

        do {
            try store.transaction {
                for (index, slo) in slos.enumerated() {
                    let label = "[\(index + 1)/\(slos.count)] \(slo.id)"
                    guard let rates = SLIQueries.eventRates(slo, window: PromDuration(seconds: effectiveStep)) else {
                        streams.errLine("warning: \(slo.id): sli.raw has no event counts; not ingested")
                        continue
                    }
                    let (record, changed) = try store.register(
                        sloID: slo.id, definitionHash: slo.definitionHash, stepSeconds: effectiveStep, at: now)
                    guard record.stepSeconds == effectiveStep else {
                        throw CommandError(
                            "the history of \(slo.id) in '\(dbPath)' has step \(PromDuration(seconds: record.stepSeconds)); ingest with --step \(PromDuration(seconds: record.stepSeconds)) or use another --db",
                            code: .invalidInput)
                    }
                    if changed {
                        streams.errLine("note: \(slo.id): the definition changed since the last ingest (recorded)")
                    }
                    var lastEnd = Evaluator.align(to ?? manifest?.lastEnd ?? now, stepSeconds: effectiveStep)
                    var firstEnd: Int64
                    if let from {
                        firstEnd = Evaluator.align(from, stepSeconds: effectiveStep)
                        if firstEnd < from { firstEnd += effectiveStep }
                    } else if let last = try store.lastStepStart(slo: record), manifest == nil {
                        firstEnd = last + 2 * effectiveStep
                    } else if let manifest {
                        firstEnd = manifest.firstEnd
                    } else {
                        firstEnd = lastEnd - Int64(slo.period.milliseconds / 1000) + effectiveStep
                    }
                    if let manifest {
                        firstEnd = max(firstEnd, manifest.firstEnd)
                        lastEnd = min(lastEnd, manifest.lastEnd)
                    }
                    guard firstEnd <= lastEnd else {
                        if !quiet { streams.errLine("ingest \(label): up to date") }
                        continue
                    }
                    let errors: [QueryResult.Series]
                    let total: [QueryResult.Series]
                    if let client {
                        // Progress per chunk on long ranges: errors then total, steps done of all.
                        let steps = (lastEnd - firstEnd) / effectiveStep + 1
                        let chunked = client.chunks(start: firstEnd, end: lastEnd, stepSeconds: effectiveStep).count > 1
                        func report(_ series: String) -> ((Int64) -> Void)? {
                            guard chunked, !quiet else { return nil }
                            return { done in streams.errLine("ingest \(label): \(series) \(done)/\(steps) steps") }
                        }
                        errors = try client.queryRange(
                            rates.errors, start: firstEnd, end: lastEnd, stepSeconds: effectiveStep,
                            progress: report("errors"))
                        total = try client.queryRange(
                            rates.total, start: firstEnd, end: lastEnd, stepSeconds: effectiveStep,
                            progress: report("total"))
                    } else {
                        guard let entry = manifest!.slos[slo.id] else {
                            streams.errLine("warning: \(slo.id): no captured responses in '\(directory!)'; skipped")
                            continue
                        }
                        if entry.errorsQuery != rates.errors || entry.totalQuery != rates.total {
                            streams.errLine(
                                "warning: \(slo.id): captured with different queries than the current definition")
                        }
                        errors = try readCaptured(entry.errorsFiles, directory: directory!, query: entry.errorsQuery)
                        total = try readCaptured(entry.totalFiles, directory: directory!, query: entry.totalQuery)
                    }
                    let summary = try ingestor.ingest(
                        slo: record, errors: errors, total: total, errorsQuery: rates.errors, totalQuery: rates.total,
                        firstEnd: firstEnd, lastEnd: lastEnd, stepSeconds: effectiveStep)
                    totals.stored += summary.stored
                    totals.gaps += summary.gaps
                    totals.nonFinite += summary.nonFinite
                    ingested += 1
                    if !quiet {
                        let steps = (lastEnd - firstEnd) / effectiveStep + 1
                        streams.errLine(
                            "ingest \(label): \(summary.stored)/\(steps) steps\(summary.gaps > 0 ? ", \(summary.gaps) without data" : "")"
                        )
                    }
                }
                if let retention {
                    let deleted = try store.prune(retentionSeconds: retention.milliseconds / 1000)
                    if !quiet, deleted > 0 { streams.errLine("retention \(retention): deleted \(deleted) old steps") }
                }
            }
        } catch let error as CommandError {
            throw error
        } catch let error as PrometheusError {
            var failure = PrometheusOptions.commandError(error)
            failure.message += "\nnothing was stored; the history is as it was"
            throw failure
        } catch let error as SQLiteError {
            throw HistoryOptions.storeError(error, path: dbPath)
        } catch {
            throw CommandError("\(error)", code: .failure)
        }
        var line = "ingested \(ingested) SLO\(ingested == 1 ? "" : "s"), \(totals.stored) steps into \(dbPath)"
        if totals.gaps > 0 { line += "; \(totals.gaps) steps without data" }
        if totals.nonFinite > 0 { line += "; \(totals.nonFinite) NaN/Inf samples dropped" }
        streams.outLine(line)
        return .success
    }

    private static func readCaptured(_ files: [String], directory: String, query: String) throws -> [QueryResult.Series]
    {
        var answers: [[QueryResult.Series]] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandError("captured file '\(path)' is missing", code: .missingInput)
            }
            answers.append(try PrometheusClient.decodeMatrix([UInt8](data), url: path, query: query))
        }
        return QueryResult.merge(answers)
    }
}
