import Burnrate
import Foundation
import Testing

/// One test per validation rule: the exact message, line and column, and the exit code, through
/// the real binary. Line and column were worked out by hand from each fixture (see
/// Fixtures/specs/README.md), independently of the code.
@Suite("Validation")
struct ValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { file }
    }

    static let invalid: [Case] = [
        Case(file: "bad-version.yaml", line: 2, column: 10, message: "unsupported version 'prometheus/v2'"),
        Case(file: "missing-version.yaml", line: 2, column: 1, message: "missing required field 'version'"),
        Case(file: "missing-service.yaml", line: 2, column: 1, message: "missing required field 'service'"),
        Case(file: "missing-name.yaml", line: 5, column: 5, message: "missing required field 'slos[0].name'"),
        Case(file: "missing-objective.yaml", line: 5, column: 5, message: "missing required field 'slos[0].objective'"),
        Case(file: "missing-sli.yaml", line: 5, column: 5, message: "missing required field 'slos[0].sli'"),
        Case(
            file: "objective-100.yaml", line: 6, column: 16,
            message: "objective must be greater than 0 and less than 100, found 100"),
        Case(
            file: "objective-zero.yaml", line: 6, column: 16,
            message: "objective must be greater than 0 and less than 100, found 0"),
        Case(
            file: "objective-string.yaml", line: 6, column: 16,
            message: "objective must be a number (a percentage), found 'high'"),
        Case(file: "bad-name.yaml", line: 5, column: 11, message: "name '-bad name' is not a valid name"),
        Case(
            file: "bad-label-name.yaml", line: 8, column: 7,
            message: "slos[0].labels has an invalid label name 'team-name'"),
        Case(
            file: "reserved-label.yaml", line: 8, column: 7, message: "slos[0].labels sets the reserved label 'slo_id'"),
        Case(
            file: "no-window.yaml", line: 9, column: 22,
            message: "slos[0].sli.events.error_query must contain the {{.window}} placeholder"),
        Case(
            file: "both-error-and-good.yaml", line: 10, column: 9,
            message: "slos[0].sli.events must set exactly one of error_query and good_query, found both"),
        Case(
            file: "neither-error-nor-good.yaml", line: 9, column: 9,
            message: "slos[0].sli.events must set one of error_query or good_query, found neither"),
        Case(file: "unknown-field.yaml", line: 7, column: 5, message: "unknown field 'slos[0].descripton'"),
        Case(
            file: "bad-period.yaml", line: 7, column: 13,
            message: "period must be a Prometheus duration, found '30 days'"),
        Case(
            file: "period-out-of-range.yaml", line: 7, column: 13,
            message: "period must be between 1d and 90d, found 365d"
        ),
        Case(
            file: "plugin-sli.yaml", line: 8, column: 7,
            message: "slos[0].sli.plugin is a Sloth plugin feature that Burnrate does not run"),
        Case(
            file: "malformed.yaml", line: 7, column: 42,
            message: "invalid YAML: mapping values are not allowed in this context"),
        Case(
            file: "not-utf8.bin.yaml", line: 5, column: 35,
            message: "invalid YAML: file is not valid UTF-8 (byte 0xFF at offset 168)"),
    ]

    @Test("an invalid definition is reported at its line and column, exit 65", arguments: invalid)
    func invalidDefinition(_ testCase: Case) throws {
        let path = "Tests/BurnrateTests/Fixtures/specs/invalid/\(testCase.file)"
        let result = try Run.burnrate(["validate", path])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors == ["\(path):\(testCase.line):\(testCase.column): error: \(testCase.message)"[...]])
        #expect(result.stderr.contains("\n  help: "))
        #expect(result.stderr.hasSuffix("Error: 1 problem in the SLO definitions; nothing was written\n"))
    }

    @Test("duplicate SLO ids across files point at both definitions")
    func duplicateIDs() throws {
        let directory = "Tests/BurnrateTests/Fixtures/specs/invalid/duplicates"
        let result = try Run.burnrate(["validate", directory])
        #expect(result.status == 65)
        #expect(
            result.stderr.contains(
                "\(directory)/b.yaml:6:11: error: duplicate SLO id 'xp-api/requests-availability', first defined at \(directory)/a.yaml:6:11"
            ))
    }

    @Test("a policy that can never fire is a warning: exit 0, message on stderr")
    func unreachablePolicyWarns() throws {
        let path = "Tests/BurnrateTests/Fixtures/specs/warnings/warning-policy.yaml"
        let result = try Run.burnrate(["validate", path])
        #expect(result.status == 0)
        // 50 % of a 30d budget in 1h: factor 0.5 × 720 = 360; 360 × (1 − 0.99) = 3.6 ≥ 1.
        #expect(
            result.stderr.contains(
                "\(path):18:11: warning: alert pair 1h/5m can never fire: its threshold error ratio 360 × 0.01 = 3.6 is not below 1"
            ))
        #expect(result.stdout.contains("1 warning"))
    }

    @Test("a missing path exits 66")
    func missingPath() throws {
        let result = try Run.burnrate(["validate", "no/such/dir"])
        #expect(result.status == 66)
        #expect(result.stderr == "Error: no such file or directory: 'no/such/dir'\n")
    }

    @Test("an empty directory exits 66")
    func emptyDirectory() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("not yaml".utf8).write(to: directory.appendingPathComponent("README.md"))
        let result = try Run.burnrate(["validate", directory.path])
        #expect(result.status == 66)
        #expect(result.stderr.contains("no SLO definitions in '\(directory.path)'"))
    }

    @Test("every problem is collected, not just the first")
    func collectsEveryProblem() throws {
        let text = """
            version: burnrate/v1
            service: xp-api
            slos:
              - name: a
                objetive: 99.9
                sli:
                  events:
                    error_query: sum(rate(errors[5m]))
                    total_query: sum(rate(total[{{.window}}]))
                labels:
                  bad-label: x
              - name: b
                objective: 101
                period: 2h
                sli:
                  raw: {error_ratio_query: 'x[{{.window}}]'}
            """
        let bag = DiagnosticBag()
        let slos = SpecLoader.load(bytes: Array(text.utf8), file: "x.yaml", bag: bag)
        #expect(slos.isEmpty)
        #expect(
            bag.sorted.map(\.description).map { $0.split(separator: "\n")[0] } == [
                "x.yaml:4:5: error: missing required field 'slos[0].objective'",
                "x.yaml:5:5: error: unknown field 'slos[0].objetive'",
                "x.yaml:8:22: error: slos[0].sli.events.error_query must contain the {{.window}} placeholder",
                "x.yaml:11:7: error: slos[0].labels has an invalid label name 'bad-label'",
                "x.yaml:13:16: error: objective must be greater than 0 and less than 100, found 101",
                "x.yaml:14:13: error: period must be between 1d and 90d, found 2h",
            ])
        // The typo gets its "did you mean".
        #expect(bag.sorted[1].help == "did you mean 'objective'?")
    }

    @Test("burnrate/v1 fields in a Sloth file say which version they need")
    func nativeFieldInSlothFile() throws {
        let text = """
            version: prometheus/v1
            service: xp-api
            slos:
              - name: availability
                objective: 99.9
                period: 28d
                sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                alerting: {name: XPHighErrorRate}
            """
        let bag = DiagnosticBag()
        _ = SpecLoader.load(bytes: Array(text.utf8), file: "s.yaml", bag: bag)
        #expect(
            bag.sorted.map(\.description) == [
                "s.yaml:6:5: error: field 'slos[0].period' is not part of prometheus/v1 (Sloth) definitions\n  help: set 'version: burnrate/v1' to use 'period'"
            ])
    }

    @Test("policy pairs: short must be shorter than long, long within the period, severity page|ticket")
    func policyShape() throws {
        let text = """
            version: burnrate/v1
            service: xp-api
            slos:
              - name: availability
                objective: 99.9
                period: 7d
                sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                alerting:
                  policy:
                    - {short: 1h, long: 5m, budget_percent: 2, severity: page}
                    - {short: 1h, long: 14d, budget_percent: 2, severity: page}
                    - {short: 5m, long: 1h, budget_percent: 2, severity: pgae}
            """
        let bag = DiagnosticBag()
        _ = SpecLoader.load(bytes: Array(text.utf8), file: "p.yaml", bag: bag)
        #expect(
            bag.sorted.map(\.description) == [
                "p.yaml:10:11: error: slos[0].alerting.policy[0]: short window 1h must be shorter than long window 5m\n  help: the workbook pairs a long window with a short one about 1/12 of it, e.g. 1h and 5m",
                "p.yaml:11:11: error: slos[0].alerting.policy[1]: long window 2w is longer than the period 1w\n  help: use windows within the SLO period",
                "p.yaml:12:62: error: slos[0].alerting.policy[2].severity must be page or ticket, found 'pgae'\n  help: did you mean 'page'?",
            ])
    }

    @Test("a Sloth file needs an alert name, as Sloth requires")
    func slothNeedsAlertName() throws {
        let text = """
            version: prometheus/v1
            service: xp-api
            slos:
              - name: availability
                objective: 99.9
                sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                alerting: {labels: {team: xp}}
            """
        let bag = DiagnosticBag()
        _ = SpecLoader.load(bytes: Array(text.utf8), file: "s.yaml", bag: bag)
        #expect(
            bag.sorted.map { $0.description.split(separator: "\n")[0] } == [
                "s.yaml:7:15: error: missing required field 'slos[0].alerting.name'"
            ])
    }

    @Test("reserved labels are refused in alert labels too, and empty label values are refused")
    func alertLabels() throws {
        let text = """
            version: burnrate/v1
            service: xp-api
            slos:
              - name: availability
                objective: 99.9
                sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                alerting:
                  labels: {slo_window_pair: x, team: ""}
            """
        let bag = DiagnosticBag()
        _ = SpecLoader.load(bytes: Array(text.utf8), file: "l.yaml", bag: bag)
        #expect(
            bag.sorted.map { $0.description.split(separator: "\n")[0] } == [
                "l.yaml:8:16: error: slos[0].alerting.labels sets the reserved label 'slo_window_pair'",
                "l.yaml:8:42: error: slos[0].alerting.labels.team must be a non-empty string, found an empty value",
            ])
    }

    @Test("review findings: zero budget after rounding, unbalanced templates, 'le' in a selector, joined-name clashes")
    func reviewFindings() throws {
        let text = """
            version: burnrate/v1
            service: a-b
            slos:
              - name: c
                objective: 99.9
                sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
              - name: x
                objective: 99.99999999999999
                sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                alerting:
                  annotations: {summary: "{{ $labels.slo_id"}
              - name: lat
                objective: 99
                sli: {latency: {metric: m, selector: {le: "1"}, threshold_seconds: 0.3}}
            ---
            version: burnrate/v1
            service: a
            slos:
              - name: b-c
                objective: 99.9
                period: 2d
                sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                alerting:
                  annotations: {summary: '{{ "{{" }} literal braces are fine'}
            """
        let bag = DiagnosticBag()
        let slos = SpecLoader.load(bytes: Array(text.utf8), file: "r.yaml", bag: bag)
        SpecLoader.checkDuplicateIDs(slos, bag: bag)
        #expect(
            bag.sorted.map { $0.description.split(separator: "\n")[0] } == [
                "r.yaml:8:16: error: objective must leave an error budget, found 99.99999999999999",
                "r.yaml:11:30: error: slos[1].alerting.annotations.summary has unbalanced template braces",
                "r.yaml:14:43: error: slos[2].sli.latency.selector must not match 'le'",
                "r.yaml:19:11: error: SLO 'a/b-c' and 'a-b/c' (r.yaml:4:11) would share rule group names and the Sloth id 'a-b-c'",
                "r.yaml:24:7: warning: the default policy's ticket pair 3d/6h does not fit the 2d period and is left out",
            ])
    }
}
