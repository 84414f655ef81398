import Burnrate

/// `burnrate validate [PATH…]`: check definitions, print one line per service.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        overview: "Validate SLO definitions and summarise them.",
        positional: ("paths", "SLO definition files or directories, read recursively (default: slos)"),
        options: [])

    static func run(_ arguments: ParsedArguments, streams: OutputStreams) throws(CommandError) -> ExitCode {
        let result = try LoadDefinitions.run(paths: arguments.positionals, streams: streams)
        var order: [String] = []
        var byService: [String: [SLO]] = [:]
        for slo in result.slos {
            if byService[slo.service] == nil { order.append(slo.service) }
            byService[slo.service, default: []].append(slo)
        }
        for service in order {
            let slos = byService[service]!
            let files = Array(Set(slos.map(\.location.file))).sorted().joined(separator: ", ")
            let details = slos.map { "\($0.name) \(NumberFormat.format($0.objectivePercent))% over \($0.period)" }
            streams.outLine(
                "\(service): \(slos.count) SLO\(slos.count == 1 ? "" : "s") (\(files)): \(details.joined(separator: ", "))"
            )
        }
        let warnings = result.warnings.count
        streams.outLine(
            "OK: \(result.slos.count) SLOs in \(order.count) services from \(result.files.count) files"
                + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
        return .success
    }
}
