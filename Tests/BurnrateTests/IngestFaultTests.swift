import Foundation
import Testing

/// How ingest behaves when Prometheus misbehaves: retries, clear errors and exit codes, secrets
/// kept out of output, long ranges split, and the history never half-written.
@Suite("Ingest faults", .serialized)
struct IngestFaultTests {
    static let slo = "slos/xp-api.yaml"
    static let range = ["--from", "1767225600", "--to", "1767312000"]  // one day

    func database() throws -> (String, URL) {
        let directory = try TestPaths.temporaryDirectory("faults")
        return (directory.appendingPathComponent("h.db").path, directory)
    }

    func ingest(_ url: String, db: String, _ extra: [String] = []) throws -> ProcessResult {
        let range = extra.contains("--from") ? [] : Self.range
        return try Run.burnrate(["ingest", Self.slo, "--db", db, "--prometheus", url, "--quiet"] + range + extra)
    }

    func snapshot(_ db: String) throws -> String {
        let sqlite = try Run.tool("sqlite3")
        return try Run.process(
            sqlite,
            [db, "SELECT slo, COUNT(*), SUM(errors), SUM(total), MAX(cum_total) FROM step GROUP BY slo ORDER BY slo;"]
        ).stdout
    }

    @Test("unreachable Prometheus: retried, then exit 69")
    func unreachable() throws {
        let (db, directory) = try database()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A port that was free a moment ago: nothing listens there.
        let fake = try FakePrometheus(mode: "ok")
        let url = fake.url
        fake.stop()
        let result = try ingest(url, db: db)
        #expect(result.status == 69)
        #expect(result.stderr.contains("is unavailable after 4 attempts: connection refused"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was stored"))
    }

    @Test("500 then 200: the retry succeeds")
    func retrySucceeds() throws {
        let (db, directory) = try database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = try FakePrometheus(mode: "flaky", ["--fail-count", "2"])
        defer { fake.stop() }
        let result = try ingest(fake.url, db: db)
        #expect(result.status == 0, "\(result.stderr)")
        let statuses = fake.requests.compactMap { $0["status"] as? Int }
        #expect(Array(statuses.prefix(3)) == [500, 500, 200])
        #expect(result.stdout.contains("ingested 4 SLOs, 1156 steps"))
    }

    static let failures: [(mode: String, code: Int32, message: String)] = [
        ("always-503", 69, "is unavailable after 4 attempts: HTTP 503: unavailable"),
        ("always-429", 69, "is unavailable after 4 attempts: HTTP 429"),
        ("bad-data", 65, "rejected the query (HTTP 400, bad_data): 1:10: parse error: unexpected character"),
        ("garbage", 65, "sent a response that is not a Prometheus API answer: response is not JSON"),
        ("truncated", 65, "response body ends early (truncated?)"),
        ("multi-series", 65, #"the SLI query returned 2 series, expected one: {code="200"}, {code="500"}"#),
    ]

    @Test("faults give a clear message and a distinct exit code; the history stays as it was", arguments: failures)
    func failure(_ mode: String, _ code: Int32, _ message: String) throws {
        let (db, directory) = try database()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A previous good ingest, to prove a failed one leaves it untouched.
        let good = try FakePrometheus(mode: "ok", ["--value", "2"])
        #expect(try ingest(good.url, db: db).status == 0)
        good.stop()
        let before = try snapshot(db)
        #expect(!before.isEmpty)

        let fake = try FakePrometheus(mode: mode, ["--fail-count", "100"])
        defer { fake.stop() }
        let result = try ingest(fake.url, db: db, ["--from", "1767312000", "--to", "1767398400"])
        #expect(result.status == code, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        if code == 65 { #expect(result.stderr.contains("query: "), "the failing query is shown") }
        #expect(try snapshot(db) == before)
    }

    @Test("ranges over 11,000 points are split into chunks that Prometheus accepts")
    func chunking() throws {
        let (db, directory) = try database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = try FakePrometheus(mode: "too-many-points")
        defer { fake.stop() }
        // 30 days at 1m = 43,201 points per query.
        let result = try Run.burnrate([
            "ingest", "slos/applications.yaml", "--db", db, "--prometheus", fake.url, "--step", "1m", "--from",
            "1767225600", "--to", "1769817600", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("43201 steps"))
        let ranges = fake.requests.compactMap { request -> (Double, Double)? in
            guard let args = request["args"] as? [String: Any], let start = Double("\(args["start"] ?? "")"),
                let end = Double("\(args["end"] ?? "")")
            else { return nil }
            return (start, end)
        }
        #expect(ranges.count == 8)  // 4 chunks × (errors, total)
        for (start, end) in ranges { #expect((end - start) / 60 + 1 <= 11000) }
        let errorsChunks = ranges.prefix(4)
        #expect(errorsChunks.first?.0 == 1_767_225_600 && errorsChunks.last?.1 == 1_769_817_600)
        for (left, right) in zip(errorsChunks, errorsChunks.dropFirst()) { #expect(right.0 == left.1 + 60) }
    }

    @Test("bearer token from a file and tenant header are sent; secrets never appear in output or files")
    func authentication() throws {
        let (db, directory) = try database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = "s3cr3t-token-\(UUID().uuidString.prefix(8))"
        let tokenFile = directory.appendingPathComponent("token")
        try Data((secret + "\n").utf8).write(to: tokenFile)
        let fake = try FakePrometheus(mode: "auth", ["--token", secret])
        defer { fake.stop() }

        let denied = try ingest(fake.url, db: db)
        #expect(denied.status == 69)
        #expect(denied.stderr.contains("HTTP 401"))
        #expect(denied.stderr.contains("hint: check the credentials"))

        let allowed = try ingest(
            fake.url, db: db, ["--bearer-token-file", tokenFile.path, "--header", "X-Scope-OrgID: esports"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let headers = fake.requests.last?["headers"] as? [String: Any]
        #expect(headers?["authorization"] as? String == "Bearer \(secret)")
        #expect(headers?["x-scope-orgid"] as? String == "esports")

        // Credentials in the URL become basic auth and are never printed.
        let port = fake.url.split(separator: ":").last!
        let withUserInfo = try ingest("http://admin:\(secret)@127.0.0.1:\(port)", db: db)
        #expect(withUserInfo.status == 69)
        #expect(withUserInfo.stderr.contains("http://127.0.0.1:\(port)"))
        for output in [
            denied.stdout, denied.stderr, allowed.stdout, allowed.stderr, withUserInfo.stdout, withUserInfo.stderr,
        ] {
            #expect(!output.contains(secret))
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasPrefix("h.db") {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the secret")
        }
    }

    @Test("NaN and ±Inf samples are dropped and counted, not stored")
    func nonFinite() throws {
        let (db, directory) = try database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = try FakePrometheus(mode: "nan")
        defer { fake.stop() }
        let result = try ingest(fake.url, db: db)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("NaN/Inf samples dropped"))
        let sqlite = try Run.tool("sqlite3")
        let check = try Run.process(
            sqlite, [db, "SELECT COUNT(*) FROM step WHERE total != total OR abs(total) > 1e300;"])
        #expect(check.stdout == "0\n")
    }

    @Test("a second writer waits, then exits 75; status reads meanwhile")
    func concurrentWriters() throws {
        let (db, directory) = try database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seed = try FakePrometheus(mode: "ok")
        #expect(try ingest(seed.url, db: db).status == 0)
        seed.stop()
        // The first writer holds the transaction while Prometheus is slow to answer.
        let slow = try FakePrometheus(mode: "slow", ["--delay", "6"])
        defer { slow.stop() }
        let first = Process()
        first.executableURL = TestPaths.binary
        first.arguments = [
            "ingest", "slos/applications.yaml", "--db", db, "--prometheus", slow.url, "--quiet", "--from", "1767312000",
            "--to", "1767398400",
        ]
        first.currentDirectoryURL = TestPaths.packageRoot
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        usleep(1_000_000)

        let status = try Run.burnrate(["status", Self.slo, "--db", db, "--at", "1767312000", "--format", "json"])
        #expect(status.status == 0, "\(status.stderr)")

        let fast = try FakePrometheus(mode: "ok")
        defer { fast.stop() }
        let started = Date()
        let second = try ingest(fast.url, db: db, ["--from", "1767398400", "--to", "1767484800"])
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("is locked by another burnrate process; try again"))
        #expect(Date().timeIntervalSince(started) >= 4, "the second writer waits for the busy timeout first")
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
    }

    @Test("kill -9 in the middle of a large ingest leaves exactly the previous state")
    func killDuringIngest() throws {
        let (db, directory) = try database()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fake = try FakePrometheus(mode: "ok", ["--value", "3"])
        defer { fake.stop() }
        #expect(try ingest(fake.url, db: db, ["--step", "1m"]).status == 0)
        let before = try snapshot(db)

        // 90 days at 1m for every SLO of the platform: long enough to be killed while writing.
        let big = Process()
        big.executableURL = TestPaths.binary
        big.arguments = [
            "ingest", "slos", "--db", db, "--prometheus", fake.url, "--step", "1m", "--from", "1759449600", "--to",
            "1767225600",
        ]
        big.currentDirectoryURL = TestPaths.packageRoot
        let errPipe = Pipe()
        big.standardError = errPipe
        big.standardOutput = FileHandle.nullDevice
        try big.run()
        // Wait until it has written at least two SLOs inside its transaction, then kill -9.
        var progress = ""
        let deadline = Date().addingTimeInterval(60)
        while !progress.contains("[3/"), big.isRunning, Date() < deadline {
            progress += String(decoding: errPipe.fileHandleForReading.availableData, as: UTF8.self)
        }
        #expect(big.isRunning, "the ingest finished before it could be killed: \(progress)")
        kill(big.processIdentifier, SIGKILL)
        big.waitUntilExit()
        #expect(big.terminationReason == .uncaughtSignal)

        let sqlite = try Run.tool("sqlite3")
        #expect(try Run.process(sqlite, [db, "PRAGMA integrity_check;"]).stdout == "ok\n")
        #expect(try snapshot(db) == before)
        // And the store still works.
        #expect(try ingest(fake.url, db: db, ["--step", "1m"]).status == 0)
    }
}
