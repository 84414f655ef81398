import Burnrate
import Foundation

/// Options for reaching Prometheus, shared by `ingest` and `capture`. Secrets come from files or
/// environment variables, never from the command line, and are never printed.
enum PrometheusOptions {
    static let specs: [OptionSpec] = [
        OptionSpec(
            ["--prometheus"], value: "url", help: "Prometheus (or Thanos/Mimir) base URL, e.g. http://127.0.0.1:9090."),
        OptionSpec(["--bearer-token-file"], value: "file", help: "Send the token in this file as a bearer token."),
        OptionSpec(
            ["--bearer-token-env"], value: "name",
            help: "Send the token in this environment variable as a bearer token."),
        OptionSpec(["--basic-auth-file"], value: "file", help: "Basic auth from a file holding 'user:password'."),
        OptionSpec(
            ["--header"], value: "name: value",
            help: "An extra request header, e.g. 'X-Scope-OrgID: tenant-1' (repeatable).",
            repeatable: true),
        OptionSpec(["--ca-file"], value: "file", help: "Trust this CA bundle (PEM) for HTTPS."),
        OptionSpec(["--insecure-skip-verify"], help: "Do not verify TLS certificates (not recommended)."),
        OptionSpec(["--timeout"], value: "duration", help: "Per-request timeout (default: 60s)."),
    ]

    static func connection(_ arguments: ParsedArguments) throws(CommandError) -> PrometheusConnection? {
        guard let url = arguments.value("--prometheus") else { return nil }
        var connection: PrometheusConnection
        do {
            connection = try PrometheusConnection(url: url)
        } catch {
            throw .usage(error.description)
        }
        if let file = arguments.value("--bearer-token-file") {
            connection.bearerToken = try readSecret(file, option: "--bearer-token-file")
        }
        if let name = arguments.value("--bearer-token-env") {
            guard let token = ProcessInfo.processInfo.environment[name], !token.isEmpty else {
                throw CommandError("the environment variable \(name) (--bearer-token-env) is not set", code: .usage)
            }
            connection.bearerToken = token.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let file = arguments.value("--basic-auth-file") {
            let text = try readSecret(file, option: "--basic-auth-file")
            guard let colon = text.firstIndex(of: ":") else {
                throw CommandError("--basic-auth-file '\(file)' must hold 'user:password'", code: .invalidInput)
            }
            connection.basicAuth = (String(text[..<colon]), String(text[text.index(after: colon)...]))
        }
        for header in arguments.repeated["--header"] ?? [] {
            guard let colon = header.firstIndex(of: ":") else {
                // The text is not echoed: it may be a credential.
                throw .usage("Invalid value for '--header': expected 'Name: value', e.g. 'X-Scope-OrgID: tenant-1'.")
            }
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            connection.headers[name] = value
        }
        if let timeout = arguments.value("--timeout") {
            connection.timeoutSeconds = try TimeArgument.duration(timeout, option: "--timeout").seconds
        }
        // swift-corelibs-foundation's URLSession (libcurl) reads these before its first request.
        if let caFile = arguments.value("--ca-file") {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw CommandError("cannot read --ca-file '\(caFile)'", code: .missingInput)
            }
            setenv("URLSessionCertificateAuthorityInfoFile", caFile, 1)
        }
        if arguments.flag("--insecure-skip-verify") {
            setenv("URLSessionCertificateAuthorityInfoFile", "INSECURE_SSL_NO_VERIFY", 1)
        }
        return connection
    }

    private static func readSecret(_ path: String, option: String) throws(CommandError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("cannot read \(option) '\(path)'", code: .missingInput)
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func commandError(_ error: PrometheusError) -> CommandError {
        CommandError(error.description, code: error.isInputProblem ? .invalidInput : .prometheusUnavailable)
    }
}
