import Burnrate

/// A declared option of a command: a small table per command beats reflection.
public struct OptionSpec: Sendable {
    public var names: [String]
    /// nil for a flag; the placeholder (e.g. "file") for an option that takes a value.
    public var valueName: String?
    public var help: String
    /// Accepted values, when the set is closed (checked at parse time).
    public var allowed: [String]?
    /// May be given several times (values collect in order).
    public var repeatable: Bool

    public init(
        _ names: [String], value: String? = nil, help: String, allowed: [String]? = nil, repeatable: Bool = false
    ) {
        self.names = names
        self.valueName = value
        self.help = help
        self.allowed = allowed
        self.repeatable = repeatable
    }

    var key: String { names.last! }
    var displayNames: String {
        let joined = names.joined(separator: ", ")
        return valueName.map { "\(joined) <\($0)>" } ?? joined
    }
}

/// What a command accepts: its options, its positional argument and its help text.
public struct CommandSpec: Sendable {
    public var name: String
    public var overview: String
    public var positional: (name: String, help: String)?
    public var options: [OptionSpec]
    public var discussion: String?

    static let helpOption = OptionSpec(["-h", "--help"], help: "Show help information.")

    public var allOptions: [OptionSpec] { options + [Self.helpOption] }

    public var usage: String {
        var parts = ["burnrate", name]
        if let positional { parts.append("[<\(positional.name)> ...]") }
        for option in options {
            let name = option.names.first { !$0.hasPrefix("--") } ?? option.names.last!
            let repeats = option.repeatable ? " ..." : ""
            parts.append(option.valueName.map { "[\(name) <\($0)>\(repeats)]" } ?? "[\(name)]")
        }
        return parts.joined(separator: " ")
    }

    public var helpText: String {
        var text = "OVERVIEW: \(overview)\n\nUSAGE: \(usage)\n"
        if let discussion { text += "\n\(discussion)\n" }
        if let positional {
            text += "\nARGUMENTS:\n" + Self.row("<\(positional.name)>", positional.help)
        }
        text += "\nOPTIONS:\n"
        for option in allOptions { text += Self.row(option.displayNames, option.help) }
        return text
    }

    /// One help row: the left column padded to 26, the text wrapped at 80 columns.
    static func row(_ left: String, _ right: String) -> String {
        let indent = String(repeating: " ", count: 26)
        var lines: [String] = []
        var current = ""
        for word in right.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > 80 - indent.count {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        let padded = "  " + left
        var text: String
        if padded.count < 24 {
            text = padded + String(repeating: " ", count: 26 - padded.count) + (lines.first ?? "") + "\n"
            lines = Array(lines.dropFirst())
        } else {
            text = padded + "\n"
        }
        for line in lines { text += indent + line + "\n" }
        return text
    }
}

/// The parsed command line of one command.
public struct ParsedArguments: Sendable {
    public var positionals: [String] = []
    public var values: [String: String] = [:]
    public var repeated: [String: [String]] = [:]
    public var flags: Set<String> = []
    public var wantsHelp = false

    public func value(_ name: String) -> String? { values[name] }
    public func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// Parsing only: no validation of meaning, no running.
public enum ArgumentParser {
    public static func parse(_ arguments: [String], for spec: CommandSpec) throws(CommandError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = spec.allOptions.first(where: { $0.names.contains(name) }) else {
                let candidates = spec.allOptions.flatMap(\.names).filter { $0.hasPrefix("--") }
                var message = "Unknown option '\(name)'."
                if let suggestion = Suggestion.closest(to: name, in: candidates) {
                    message += " Did you mean '\(suggestion)'?"
                }
                throw .usage(message)
            }
            if option.key == "--help" {
                parsed.wantsHelp = true
                continue
            }
            guard let valueName = option.valueName else {
                if inlineValue != nil { throw .usage("The flag '\(name)' does not take a value.") }
                parsed.flags.insert(option.key)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count {
                value = arguments[index]
                index += 1
            } else {
                throw .usage("Missing value for '\(name) <\(valueName)>'.")
            }
            if let allowed = option.allowed, !allowed.contains(value) {
                var message = "The value '\(value)' is invalid for '\(name) <\(valueName)>'."
                if let suggestion = Suggestion.closest(to: value, in: allowed) {
                    message += " Did you mean '\(suggestion)'?"
                }
                message += " Please provide one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))."
                throw .usage(message)
            }
            if option.repeatable {
                parsed.repeated[option.key, default: []].append(value)
                continue
            }
            if parsed.values[option.key] != nil {
                throw .usage("The option '\(option.key)' was given more than once.")
            }
            parsed.values[option.key] = value
        }
        return parsed
    }
}
