import Foundation

/// A path given on the command line that holds no definitions at all (exit 66, not 65).
public enum SpecInputError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingPath(String)
    case emptyDirectory(String)
    case unreadable(String, reason: String)

    public var description: String {
        switch self {
        case .missingPath(let path):
            "no such file or directory: '\(path)'"
        case .emptyDirectory(let path):
            "no SLO definitions in '\(path)' (looked for *.yaml and *.yml files, recursively)"
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason)"
        }
    }
}

/// What loading produced: the SLOs that validated, in file and document order, and every
/// diagnostic. When `hasErrors` is true no output may be written from `slos`.
public struct SpecLoadResult: Sendable {
    public var slos: [SLO]
    public var diagnostics: [Diagnostic]
    public var files: [String]
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Reads SLO definition files and directories and validates them as one set (ids must be unique
/// across all files).
public enum SpecLoader {
    public static func load(paths: [String]) throws(SpecInputError) -> SpecLoadResult {
        let files = try discover(paths: paths)
        let bag = DiagnosticBag()
        var slos: [SLO] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .unreadable(file, reason: "permission denied or not a regular file")
            }
            slos += load(bytes: [UInt8](data), file: file, bag: bag)
        }
        checkDuplicateIDs(slos, bag: bag)
        return SpecLoadResult(slos: bag.hasErrors ? [] : slos, diagnostics: bag.sorted, files: files)
    }

    /// Parses and decodes one file's bytes (exposed for tests and in-memory use).
    public static func load(bytes: [UInt8], file: String, bag: DiagnosticBag) -> [SLO] {
        let documents: [YAMLNode]
        do {
            documents = try YAMLParser.parseDocuments(bytes)
        } catch {
            bag.error(
                SourceLocation(file: file, mark: error.mark), "invalid YAML: \(error.message)",
                help: error.message.contains("UTF-8")
                    ? "save the file as UTF-8" : "check indentation and quoting around this position")
            return []
        }
        let decoder = SpecDecoder(file: file, bag: bag)
        var slos: [SLO] = []
        for document in documents {
            // A document holding only comments (e.g. after a trailing '---') is skipped, as Sloth does.
            if let scalar = document.scalar, scalar.isNull { continue }
            slos += decoder.decode(document)
        }
        if documents.allSatisfy({ $0.scalar?.isNull ?? false }) {
            bag.error(
                SourceLocation(file: file, mark: SourceMark(line: 1, column: 1)), "file holds no SLO definition",
                help: "add a document with 'version:', 'service:' and 'slos:', or remove the file")
        }
        return slos
    }

    public static func checkDuplicateIDs(_ slos: [SLO], bag: DiagnosticBag) {
        var seen: [String: SLO] = [:]
        // Group names and Sloth ids join service and name with '-': 'a-b/c' and 'a/b-c' collide.
        var joined: [String: SLO] = [:]
        for slo in slos {
            if let first = seen[slo.id] {
                bag.error(
                    slo.location, "duplicate SLO id '\(slo.id)', first defined at \(first.location)",
                    help: "SLO ids (<service>/<name>) must be unique across all files; rename one of them")
                continue
            }
            seen[slo.id] = slo
            let key = "\(slo.service)-\(slo.name)"
            if let first = joined[key] {
                bag.error(
                    slo.location,
                    "SLO '\(slo.id)' and '\(first.id)' (\(first.location)) would share rule group names and the Sloth id '\(key)'",
                    help: "rename one of them so that '<service>-<name>' differs")
            } else {
                joined[key] = slo
            }
        }
    }

    /// Files named by the paths, directories expanded recursively to *.yaml/*.yml in sorted order.
    public static func discover(paths: [String]) throws(SpecInputError) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missingPath(path) }
            if !isDirectory.boolValue {
                files.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw .unreadable(path, reason: "cannot list the directory")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let lower = relative.lowercased()
                guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") else { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var childIsDirectory: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                    found.append(full)
                }
            }
            if found.isEmpty { throw .emptyDirectory(path) }
            files += found.sorted()
        }
        return files
    }
}
