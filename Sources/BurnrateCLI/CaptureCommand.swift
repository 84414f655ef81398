import Burnrate
import Foundation

/// `burnrate capture [PATH…] --prometheus URL [--from T] [--to T] [--step D] -o DIR`: records a
/// live Prometheus's query_range answers so `ingest --from-dir DIR` can replay them offline.
enum CaptureCommand {
    static let spec = CommandSpec(
        name: "capture",
        overview: "Record Prometheus answers for every SLO into a directory, for offline ingest.",
        positional: ("paths", "SLO definition files or directories, read recursively (default: slos)"),
        options: PrometheusOptions.specs + [
            OptionSpec(["-o", "--output"], value: "dir", help: "Directory to write (created if missing)."),
            OptionSpec(["--from"], value: "time", help: "First step end (default: one period before --to)."),
            OptionSpec(["--to"], value: "time", help: "Last step end (default: now)."),
            OptionSpec(["--step"], value: "duration", help: "Query step (default: 5m)."),
            OptionSpec(["-q", "--quiet"], help: "No progress on stderr."),
        ])

    static func run(_ arguments: ParsedArguments, streams: OutputStreams) throws(CommandError) -> ExitCode {
        guard let connection = try PrometheusOptions.connection(arguments) else {
            throw .usage("Missing '--prometheus <url>'.")
        }
        guard let output = arguments.value("--output") else { throw .usage("Missing '-o <dir>'.") }
        let now = TimeArgument.wallClock
        let definitions = try LoadDefinitions.run(paths: arguments.positionals, streams: streams)
        let stepSeconds = try TimeArgument.step(arguments.value("--step"), slos: definitions.slos)
        let step = PromDuration(seconds: stepSeconds)
        let lastEnd = Evaluator.align(
            try arguments.value("--to").map { t throws(CommandError) in
                try TimeArgument.parse(t, option: "--to", now: now)
            } ?? now,
            stepSeconds: stepSeconds)
        let from = try arguments.value("--from").map { t throws(CommandError) in
            try TimeArgument.parse(t, option: "--from", now: now)
        }
        let client = PrometheusClient(connection: connection)
        var entries: [String: CaptureManifest.Entry] = [:]
        var firstEndAll = lastEnd
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for (index, slo) in definitions.slos.enumerated() {
                guard let rates = SLIQueries.eventRates(slo, window: step) else { continue }
                var firstEnd =
                    from.map { Evaluator.align($0, stepSeconds: stepSeconds) }
                    ?? lastEnd - Int64(slo.period.milliseconds / 1000) + stepSeconds
                if let from, firstEnd < from { firstEnd += stepSeconds }
                firstEndAll = min(firstEndAll, firstEnd)
                let relative = CaptureManifest.directory(for: slo)
                try FileManager.default.createDirectory(
                    atPath: (output as NSString).appendingPathComponent(relative), withIntermediateDirectories: true)
                var files: [String: [String]] = ["errors": [], "total": []]
                for (series, query) in [("errors", rates.errors), ("total", rates.total)] {
                    for chunk in client.chunks(start: firstEnd, end: lastEnd, stepSeconds: stepSeconds) {
                        let body = try client.queryRangeBody(
                            query, start: chunk.start, end: chunk.end, stepSeconds: stepSeconds)
                        // Check it now, so a capture never holds an answer ingest would refuse.
                        _ = try PrometheusClient.decodeMatrix(body, url: connection.displayURL, query: query)
                        let file = "\(relative)/\(series)-\(chunk.start).json"
                        try Data(body).write(
                            to: URL(fileURLWithPath: (output as NSString).appendingPathComponent(file)))
                        files[series]!.append(file)
                    }
                }
                entries[slo.id] = CaptureManifest.Entry(
                    errorsQuery: rates.errors, totalQuery: rates.total, errorsFiles: files["errors"]!,
                    totalFiles: files["total"]!)
                if !arguments.flag("--quiet") {
                    streams.errLine("capture [\(index + 1)/\(definitions.slos.count)] \(slo.id)")
                }
            }
            let manifest = CaptureManifest(
                stepSeconds: stepSeconds, firstEnd: firstEndAll, lastEnd: lastEnd, source: connection.displayURL,
                slos: entries)
            try manifest.write(to: output)
        } catch let error as PrometheusError {
            throw PrometheusOptions.commandError(error)
        } catch {
            throw CommandError("cannot write the capture to '\(output)': \(error.localizedDescription)", code: .ioError)
        }
        streams.outLine("captured \(entries.count) SLOs into \(output)")
        return .success
    }
}
