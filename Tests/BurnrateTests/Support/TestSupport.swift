import Foundation
import Testing

/// Paths of the package and its fixtures, found from this file's location so tests read and
/// (with RECORD_GOLDEN=1) write the checked-in files, not copies.
enum TestPaths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/BurnrateTests/Fixtures")
    static let specs = fixtures.appendingPathComponent("specs")
    static let golden = fixtures.appendingPathComponent("golden")
    static let promtoolScenarios = fixtures.appendingPathComponent("promtool")

    /// The built `burnrate` binary: BURNRATE_BIN, else beside the test bundle, else .build/debug.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["BURNRATE_BIN"] { return URL(fileURLWithPath: path) }
        let besideBundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("burnrate")
        for candidate in [besideBundle, packageRoot.appendingPathComponent(".build/debug/burnrate")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        return besideBundle
    }

    static func temporaryDirectory(_ label: String = "burnrate-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func files(in directory: URL, withExtension ext: String = "yaml") -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var result: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == ext { result.append(url) }
        }
        return result.sorted { $0.path < $1.path }
    }
}

/// The result of running a program to completion.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Run {
    /// Runs an executable with arguments, in `directory`, and waits (bounded by `timeout`).
    static func process(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        stdin: String? = nil, timeout: TimeInterval = 120
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        let outHandle = try FileHandle(forWritingTo: outFile)
        let errHandle = try FileHandle(forWritingTo: errFile)
        process.standardOutput = outHandle
        process.standardError = errHandle
        var inputFile: URL?
        if let stdin {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("in-\(UUID().uuidString)")
            try Data(stdin.utf8).write(to: url)
            inputFile = url
            process.standardInput = try FileHandle(forReadingFrom: url)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { if let inputFile { try? FileManager.default.removeItem(at: inputFile) } }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                Issue.record("\(executable.lastPathComponent) timed out after \(timeout)s")
                break
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }

    /// Runs the real `burnrate` binary from the package root (so relative fixture paths are stable).
    static func burnrate(_ arguments: [String], in directory: URL = TestPaths.packageRoot) throws -> ProcessResult {
        try process(TestPaths.binary, arguments, in: directory)
    }

    /// Finds a tool on PATH; a missing tool is a test failure (CI must install it), never a skip.
    static func tool(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        Issue.record("\(name) is not installed; run scripts/test (it installs Debian's package)")
        throw ToolMissing(name: name)
    }

    struct ToolMissing: Error { var name: String }
}

/// The fake Prometheus of Fixtures/fakeprom (modes for faults), started on loopback and stopped by
/// its PID.
final class FakePrometheus {
    let url: String
    let pid: Int32
    let log: URL
    private let process: Process

    init(mode: String, _ extra: [String] = []) throws {
        let python = try Run.tool("python3")
        log = FileManager.default.temporaryDirectory.appendingPathComponent("fakeprom-\(UUID().uuidString).jsonl")
        process = Process()
        process.executableURL = python
        process.arguments =
            [
                TestPaths.fixtures.appendingPathComponent("fakeprom/fake_prometheus.py").path, "--mode", mode, "--log",
                log.path, "--max-seconds", "120",
            ] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let info = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
            let url = info["url"] as? String
        else {
            process.terminate()
            throw Run.ToolMissing(name: "fake prometheus did not start")
        }
        self.url = url
        pid = process.processIdentifier
    }

    /// The requests it received (one JSON object per request).
    var requests: [[String: Any]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// Stops it by PID with SIGKILL: processes started from Swift Testing's worker threads inherit
    /// a signal mask that blocks SIGTERM, so a polite stop could wait forever.
    func stop() {
        kill(pid, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: log)
    }

    deinit { if process.isRunning { stop() } }
}
