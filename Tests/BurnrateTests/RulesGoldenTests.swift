import Foundation
import Testing

/// Generated rules are byte-for-byte deterministic and every generated file passes
/// `promtool check rules`. Golden files are re-recorded only on purpose: RECORD_GOLDEN=1 rewrites
/// them and fails, so the diff gets reviewed.
@Suite("Rules: golden files and promtool check")
struct RulesGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var golden: String
        var arguments: [String]
        /// How to get a plain rule file out of the output for promtool (operator and mimir wrap it).
        var unwrap: String?
        var testDescription: String { golden }
    }

    static var cases: [Case] {
        var cases: [Case] = []
        let slos = TestPaths.files(in: TestPaths.packageRoot.appendingPathComponent("slos"))
        for file in slos {
            let relative = String(file.path.dropFirst(TestPaths.packageRoot.path.count + 1))
            let name = relative.replacingOccurrences(of: "/", with: "-")
            cases.append(Case(golden: name, arguments: ["rules", relative]))
        }
        for file in TestPaths.files(in: TestPaths.specs.appendingPathComponent("valid")) {
            let relative = String(file.path.dropFirst(TestPaths.packageRoot.path.count + 1))
            cases.append(Case(golden: "valid-\(file.lastPathComponent)", arguments: ["rules", relative]))
        }
        let valid = "Tests/BurnrateTests/Fixtures/specs/valid"
        cases += [
            Case(
                golden: "compat-sloth-basic.yaml",
                arguments: ["rules", "\(valid)/sloth-basic.yaml", "--compat", "sloth"]),
            Case(
                golden: "compat-sloth-period-28d.yaml",
                arguments: ["rules", "\(valid)/period-28d.yaml", "--compat", "sloth"]),
            Case(
                golden: "operator-multi-doc.yaml",
                arguments: ["rules", "\(valid)/sloth-multi-doc.yaml", "--format", "operator"], unwrap: "spec"),
            Case(
                golden: "mimir-latency.yaml", arguments: ["rules", "\(valid)/latency.yaml", "--format", "mimir"],
                unwrap: "root"),
            Case(golden: "all-slos.yaml", arguments: ["rules", "slos"]),
        ]
        return cases
    }

    @Test("generated rules match the golden file and pass promtool check rules", arguments: cases)
    func goldenAndPromtool(_ testCase: Case) throws {
        let result = try Run.burnrate(testCase.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.isEmpty)

        let golden = TestPaths.golden.appendingPathComponent(testCase.golden)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: TestPaths.golden, withIntermediateDirectories: true)
            try Data(result.stdout.utf8).write(to: golden)
            Issue.record("re-recorded \(testCase.golden); review the diff and run again without RECORD_GOLDEN")
        } else {
            let expected = try String(contentsOf: golden, encoding: .utf8)
            #expect(result.stdout == expected, "output differs from \(testCase.golden); RECORD_GOLDEN=1 re-records")
        }

        // The same run again is byte-for-byte identical.
        let again = try Run.burnrate(testCase.arguments)
        #expect(again.stdout == result.stdout)

        try PromtoolCheck.check(yaml: result.stdout, unwrap: testCase.unwrap, label: testCase.golden)
    }
}

/// `promtool check rules` on generated text; wrapped formats (PrometheusRule, Mimir namespace) are
/// unwrapped to their `groups` by PyYAML first, an independent YAML reader.
enum PromtoolCheck {
    static func check(yaml: String, unwrap: String?, label: String) throws {
        let promtool = try Run.tool("promtool")
        let directory = try TestPaths.temporaryDirectory("promtool-check")
        defer { try? FileManager.default.removeItem(at: directory) }
        var documents: [URL] = []
        let source = directory.appendingPathComponent("generated.yaml")
        try Data(yaml.utf8).write(to: source)
        if let unwrap {
            let python = try Run.tool("python3")
            let script = """
                import sys, yaml
                docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
                for i, d in enumerate(docs):
                    groups = d["spec"]["groups"] if sys.argv[2] == "spec" else d["groups"]
                    with open(f"{sys.argv[3]}/doc{i}.yaml", "w") as f:
                        yaml.safe_dump({"groups": groups}, f, sort_keys=False)
                print(len(docs))
                """
            let result = try Run.process(python, ["-c", script, source.path, unwrap, directory.path])
            #expect(result.status == 0, "PyYAML could not read the \(label) output: \(result.stderr)")
            let count = Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            #expect(count > 0)
            documents = (0..<count).map { directory.appendingPathComponent("doc\($0).yaml") }
        } else {
            documents = [source]
        }
        for document in documents {
            let result = try Run.process(promtool, ["check", "rules", document.path])
            #expect(result.status == 0, "promtool check rules failed for \(label): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("SUCCESS"))
        }
    }
}
