import Burnrate

/// A subcommand: its declared interface and what it does with parsed arguments.
struct Subcommand: Sendable {
    var spec: CommandSpec
    var run: @Sendable (ParsedArguments, OutputStreams) throws(CommandError) -> ExitCode
}

/// The `burnrate` root command: dispatch, `--help`, `--version`, and error printing.
public enum BurnrateCommand {
    public static let version = "0.1.0"

    static let subcommands: [Subcommand] = [
        Subcommand(spec: ValidateCommand.spec, run: ValidateCommand.run),
        Subcommand(spec: RulesCommand.spec, run: RulesCommand.run),
        Subcommand(spec: IngestCommand.spec, run: IngestCommand.run),
        Subcommand(spec: CaptureCommand.spec, run: CaptureCommand.run),
        Subcommand(spec: StatusCommand.spec, run: StatusCommand.run),
        Subcommand(spec: BacktestCommand.spec, run: BacktestCommand.run),
    ]

    /// Aliases kept so scripts written for Sloth keep working.
    static let aliases: [String: String] = ["generate": "rules"]

    static var overview: String {
        var text = """
            OVERVIEW: SLO evaluation engine and burn-rate calculator.

            Reads SLO definitions (burnrate/v1, or Sloth's prometheus/v1), validates them,
            generates Prometheus recording and alerting rules, ingests Prometheus history into
            SQLite and evaluates burn rates and error budgets from it.

            USAGE: burnrate <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:

            """
        for command in subcommands {
            text += CommandSpec.row(command.spec.name, command.spec.overview)
        }
        text += CommandSpec.row("generate", "Alias of 'rules' (Sloth compatible: -i FILE -o FILE).")
        text += "\n  See 'burnrate help <subcommand>' for detailed help.\n"
        return text
    }

    /// Runs the command line (without the program name) and returns the process exit code.
    public static func main(arguments: [String], streams: OutputStreams = .standard()) -> Int32 {
        guard let first = arguments.first else {
            streams.out(overview)
            return ExitCode.success.rawValue
        }
        switch first {
        case "-h", "--help":
            streams.out(overview)
            return ExitCode.success.rawValue
        case "--version", "version":
            streams.outLine(version)
            return ExitCode.success.rawValue
        case "help":
            guard arguments.count > 1 else {
                streams.out(overview)
                return ExitCode.success.rawValue
            }
            guard let command = lookup(arguments[1]) else {
                return fail(CommandError.usage(unknownSubcommand(arguments[1])), spec: nil, streams: streams)
            }
            streams.out(command.spec.helpText)
            return ExitCode.success.rawValue
        default:
            break
        }
        guard let command = lookup(first) else {
            let message = first.hasPrefix("-") ? "Unknown option '\(first)'." : unknownSubcommand(first)
            return fail(CommandError.usage(message), spec: nil, streams: streams)
        }
        var rest = Array(arguments.dropFirst())
        if first == "generate" { rest = rest.map { $0 == "-i" || $0 == "--input" ? "--" + "input" : $0 } }
        do {
            let parsed = try ArgumentParser.parse(rest, for: command.spec)
            if parsed.wantsHelp {
                streams.out(command.spec.helpText)
                return ExitCode.success.rawValue
            }
            let code = try command.run(parsed, streams)
            if streams.writeFailed {
                return fail(
                    CommandError("cannot write to standard output", code: .ioError), spec: nil, streams: streams)
            }
            return code.rawValue
        } catch {
            return fail(error, spec: command.spec, streams: streams)
        }
    }

    static func lookup(_ name: String) -> Subcommand? {
        let resolved = aliases[name] ?? name
        return subcommands.first { $0.spec.name == resolved }
    }

    static func unknownSubcommand(_ name: String) -> String {
        var message = "Unknown subcommand '\(name)'."
        let names = subcommands.map(\.spec.name) + Array(aliases.keys)
        if let suggestion = Suggestion.closest(to: name, in: names) {
            message += " Did you mean '\(suggestion)'?"
        }
        return message
    }

    static func fail(_ error: CommandError, spec: CommandSpec?, streams: OutputStreams) -> Int32 {
        streams.errLine("Error: \(error.message)")
        if error.isUsage {
            if let spec {
                streams.errLine("Usage: \(spec.usage)")
                streams.errLine("  See 'burnrate \(spec.name) --help' for more information.")
            } else {
                streams.errLine("Usage: burnrate <subcommand>")
                streams.errLine("  See 'burnrate --help' for more information.")
            }
        }
        return error.code.rawValue
    }
}
