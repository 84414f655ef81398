import BurnrateCLI
import Foundation
import Testing

/// The command line as a user meets it: the real binary, its streams and exit codes.
@Suite("CLI")
struct CLITests {
    static let helpCases: [(arguments: [String], file: String)] = [
        (["--help"], "burnrate.txt"), (["rules", "--help"], "rules.txt"), (["help", "validate"], "validate.txt"),
        (["generate", "-h"], "rules.txt"),
    ]

    @Test("help goes to stdout with exit 0 and matches the recorded text", arguments: helpCases)
    func help(_ arguments: [String], _ file: String) throws {
        let result = try Run.burnrate(arguments)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let recorded = TestPaths.fixtures.appendingPathComponent("help/\(file)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: recorded.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(result.stdout.utf8).write(to: recorded)
            Issue.record("re-recorded help/\(file)")
        } else {
            #expect(result.stdout == (try String(contentsOf: recorded, encoding: .utf8)))
        }
        #expect(result.stdout.contains("OVERVIEW: "))
        #expect(result.stdout.contains("USAGE: burnrate"))
        #expect(result.stdout.contains("  -h, --help              Show help information.\n"))
    }

    @Test("--version prints the version on stdout")
    func version() throws {
        let result = try Run.burnrate(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == BurnrateCommand.version + "\n")
    }

    static let usageCases: [(arguments: [String], message: String)] = [
        (["rules", "--formt", "x"], "Error: Unknown option '--formt'. Did you mean '--format'?"),
        (["rulez"], "Error: Unknown subcommand 'rulez'. Did you mean 'rules'?"),
        (
            ["rules", "--format", "prom"],
            "Error: The value 'prom' is invalid for '--format <format>'. Did you mean 'prometheus'? Please provide one of 'prometheus', 'operator', 'mimir'."
        ),
        (["rules", "-o"], "Error: Missing value for '-o <path>'."),
        (["validate", "--compat", "sloth"], "Error: Unknown option '--compat'."),
    ]

    @Test("usage errors: message, usage line, help hint, exit 64", arguments: usageCases)
    func usageErrors(_ arguments: [String], _ message: String) throws {
        let result = try Run.burnrate(arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == message)
        #expect(lines.dropFirst().first?.hasPrefix("Usage: burnrate") == true)
        #expect(lines.last?.hasPrefix("  See 'burnrate") == true)
    }

    @Test("validate summarises every service of slos/ on stdout")
    func validateSummary() throws {
        let result = try Run.burnrate(["validate"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n")
        #expect(
            lines.contains { $0.hasPrefix("xp-api: 4 SLOs (slos/xp-api.yaml): requests-availability 99.9% over 30d") })
        #expect(
            lines.contains {
                $0.hasPrefix("xp-events: 2 SLOs (slos/xp-events.yaml): ingestion-availability 99.5% over 4w")
            })
        #expect(lines.last?.hasPrefix("OK: 11 SLOs in 5 services from 5 files") == true)
    }

    @Test("-o DIR writes one file per service; -o FILE one file; both equal stdout's groups")
    func outputDestinations() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dir = directory.appendingPathComponent("rules/").path + "/"
        let toDir = try Run.burnrate(["rules", "slos", "-o", dir])
        #expect(toDir.status == 0, "\(toDir.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(
            written == ["applications.yaml", "job-search.yaml", "xp-api.yaml", "xp-events.yaml", "xp-leaderboard.yaml"])
        #expect(toDir.stderr.contains("wrote \(dir)xp-api.yaml"))

        let single = try Run.burnrate(["rules", "slos/xp-api.yaml"])
        let perService = try String(contentsOfFile: dir + "xp-api.yaml", encoding: .utf8)
        #expect(perService == single.stdout)

        let file = directory.appendingPathComponent("all.yaml").path
        let toFile = try Run.burnrate(["rules", "slos", "-o", file])
        #expect(toFile.status == 0)
        #expect(toFile.stdout.isEmpty)
        let stdout = try Run.burnrate(["rules", "slos"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == stdout.stdout)
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["all.yaml", "rules"])
    }

    @Test("Sloth's 'generate -i FILE -o FILE' works unchanged")
    func slothGenerateAlias() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.yaml").path
        let result = try Run.burnrate(["generate", "-i", "slos/sloth/xp-leaderboard.yaml", "-o", output])
        #expect(result.status == 0, "\(result.stderr)")
        let viaRules = try Run.burnrate(["rules", "slos/sloth/xp-leaderboard.yaml"])
        #expect(try String(contentsOfFile: output, encoding: .utf8) == viaRules.stdout)
    }

    @Test("invalid definitions write nothing: an existing rules file is left as it was")
    func nothingWrittenOnError() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("rules.yaml")
        try Data("previous\n".utf8).write(to: output)
        let result = try Run.burnrate([
            "rules", "slos", "Tests/BurnrateTests/Fixtures/specs/invalid/objective-100.yaml", "-o", output.path,
        ])
        #expect(result.status == 65)
        #expect(try String(contentsOf: output, encoding: .utf8) == "previous\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["rules.yaml"])
    }

    @Test("an unwritable destination is an I/O error, exit 74")
    func unwritableOutput() throws {
        let result = try Run.burnrate(["rules", "slos", "-o", "/proc/burnrate-cannot-write.yaml"])
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("Error: cannot write '/proc/burnrate-cannot-write.yaml'"))
    }

    @Test("the bundled capture (Fixtures/capture) replays for every platform SLO without warnings")
    func bundledCaptureReplays() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("h.db").path
        let ingest = try Run.burnrate(["ingest", "slos", "--from-dir", "Fixtures/capture", "--db", db, "--quiet"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        // A warning here means the queries changed since the capture: re-capture (Fixtures/README.md).
        #expect(ingest.stderr.isEmpty, "\(ingest.stderr)")
        #expect(ingest.stdout == "ingested 11 SLOs, 22187 steps into \(db)\n")
        let status = try Run.burnrate(["status", "--db", db, "--at", "2026-01-09T00:00:00Z"])
        #expect(status.status == 0, "\(status.stderr)")
        // The job-search latency degradation is still open as a ticket at the end (Fixtures/README.md).
        let block =
            status.stdout.components(separatedBy: "\n\n").first { $0.hasPrefix("job-search/search-latency") } ?? ""
        #expect(block.contains("ticket FIRING"))
    }

    @Test("in-process run: the library entry point gives the same exit codes")
    func inProcess() {
        let captured = CapturedStreams()
        let status = BurnrateCommand.main(arguments: ["validate", "no/such/path"], streams: captured.streams)
        #expect(status == 66)
        #expect(captured.err == "Error: no such file or directory: 'no/such/path'\n")
    }
}
