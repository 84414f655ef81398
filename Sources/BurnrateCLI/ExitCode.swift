/// Exit codes, as DESIGN.md lists them (BSD sysexits where one fits).
public enum ExitCode: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 64
    case invalidInput = 65
    case missingInput = 66
    case prometheusUnavailable = 69
    case ioError = 74
    case busy = 75
}

/// An error that ends a command with a message on stderr and a specific exit code.
public struct CommandError: Error, Sendable {
    public var message: String
    public var code: ExitCode
    /// A usage error also prints the usage line and the `--help` hint.
    public var isUsage: Bool

    public init(_ message: String, code: ExitCode, isUsage: Bool = false) {
        self.message = message
        self.code = code
        self.isUsage = isUsage
    }

    public static func usage(_ message: String) -> CommandError {
        CommandError(message, code: .usage, isUsage: true)
    }
}
