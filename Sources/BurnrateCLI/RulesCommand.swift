import Burnrate
import Foundation

/// `burnrate rules [PATH…] [-o FILE|DIR] [--format …] [--compat sloth]` (alias `generate`).
enum RulesCommand {
    static let spec = CommandSpec(
        name: "rules",
        overview: "Generate Prometheus recording and alerting rules from SLO definitions.",
        positional: ("paths", "SLO definition files or directories, read recursively (default: slos)"),
        options: [
            OptionSpec(
                ["-o", "--output"], value: "path",
                help:
                    "Write one rules file, or one file per service into a directory (a path ending in '/' or an existing directory). Default: stdout."
            ),
            OptionSpec(
                ["--format"], value: "format",
                help: "prometheus, operator (PrometheusRule) or mimir (default: prometheus).",
                allowed: RuleFileFormat.allCases.map(\.rawValue)),
            OptionSpec(
                ["--compat"], value: "compat", help: "sloth: Sloth's label and group names (sloth_id, sloth_slo …).",
                allowed: ["sloth"]),
            OptionSpec(["-i", "--input"], value: "path", help: "An SLO file or directory (as Sloth's generate -i)."),
        ],
        discussion: "Nothing is written when any definition is invalid; files are replaced atomically.")

    static func run(_ arguments: ParsedArguments, streams: OutputStreams) throws(CommandError) -> ExitCode {
        var paths = arguments.positionals
        if let input = arguments.value("--input") { paths.append(input) }
        let format = RuleFileFormat(rawValue: arguments.value("--format") ?? "prometheus")!
        let conventions: Conventions = arguments.value("--compat") == "sloth" ? .sloth : .native

        let result = try LoadDefinitions.run(paths: paths, streams: streams)
        let services = RuleGenerator(conventions: conventions).makeServiceRules(for: result.slos)
        let writer = RuleFileWriter(format: format)

        guard let output = arguments.value("--output"), output != "-" else {
            streams.out(try render { () throws(YAMLEmitError) in try writer.render(services) })
            return .success
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        if output.hasSuffix("/") || (exists && isDirectory.boolValue) {
            try createDirectory(output)
            for service in services {
                let text = try render { () throws(YAMLEmitError) in try writer.render(service) }
                let path = (output as NSString).appendingPathComponent("\(service.service).yaml")
                try AtomicFile.write(text, to: path)
                streams.errLine("wrote \(path)")
            }
        } else {
            let text = try render { () throws(YAMLEmitError) in try writer.render(services) }
            try AtomicFile.write(text, to: output)
            streams.errLine("wrote \(output)")
        }
        return .success
    }

    private static func render(_ body: () throws(YAMLEmitError) -> String) throws(CommandError) -> String {
        do {
            return try body()
        } catch {
            throw CommandError("could not write YAML: \(error.message)", code: .failure)
        }
    }

    private static func createDirectory(_ path: String) throws(CommandError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create directory '\(path)': \(error.localizedDescription)", code: .ioError)
        }
    }
}

/// Writes a file through a temporary file in the same directory and a rename, so readers (and a
/// Prometheus reload) never see half a file.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws(CommandError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try Data(text.utf8).write(to: temporary, options: [])
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw CommandError("cannot write '\(path)': \(reason)", code: .ioError)
            }
        } catch let error as CommandError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CommandError("cannot write '\(path)': \(error.localizedDescription)", code: .ioError)
        }
    }
}
