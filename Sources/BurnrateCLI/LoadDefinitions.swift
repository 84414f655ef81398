import Burnrate

/// Loading definitions is shared by every command that reads `slos/`: print diagnostics to
/// stderr, and turn problems into the exit codes DESIGN.md names (65 invalid, 66 missing).
enum LoadDefinitions {
    static let defaultPath = "slos"

    static func run(paths: [String], streams: OutputStreams) throws(CommandError) -> SpecLoadResult {
        let result: SpecLoadResult
        do {
            result = try SpecLoader.load(paths: paths.isEmpty ? [defaultPath] : paths)
        } catch {
            var message = error.description
            if case .missingPath(let path) = error, paths.isEmpty, path == defaultPath {
                message += "; pass the SLO definition files or directories to read"
            }
            throw CommandError(message, code: .missingInput)
        }
        for diagnostic in result.diagnostics { streams.errLine(diagnostic.description) }
        if result.hasErrors {
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            throw CommandError(
                "\(errors) \(errors == 1 ? "problem" : "problems") in the SLO definitions; nothing was written",
                code: .invalidInput)
        }
        return result
    }

    /// The SLOs named by `--slo` (all when none is named); an unknown id is an error with a
    /// "did you mean".
    static func select(_ slos: [SLO], ids: [String]?) throws(CommandError) -> [SLO] {
        guard let ids else { return slos }
        for id in ids where !slos.contains(where: { $0.id == id }) {
            var message = "no SLO with id '\(id)'"
            if let suggestion = Suggestion.closest(to: id, in: slos.map(\.id)) {
                message += "; did you mean '\(suggestion)'?"
            }
            throw CommandError(message, code: .invalidInput)
        }
        return slos.filter { ids.contains($0.id) }
    }
}
