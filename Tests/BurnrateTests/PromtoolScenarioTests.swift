import Foundation
import Testing

/// Alert timing proven by `promtool test rules`: for each scenario under Fixtures/promtool, the
/// rules `burnrate rules` generates from its `slo.yaml` are evaluated by promtool against series
/// designed by hand, with the firing minute derived from the SRE workbook formulas (see the
/// README there). `negative-control` expects a wrong minute and must fail: the oracle bites.
@Suite("Rules: alert timing with promtool test rules")
struct PromtoolScenarioTests {
    static var scenarios: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.promtoolScenarios.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(
                atPath: TestPaths.promtoolScenarios.appendingPathComponent("\($0)/test.yaml").path)
        }.sorted()
    }

    @Test("the scenario list is complete")
    func scenarioList() {
        #expect(
            Self.scenarios == [
                "baseline-no-alert", "negative-control", "page-fast-burn", "period-28d", "ticket-slow-burn",
            ])
    }

    @Test("promtool test rules on generated rules", arguments: scenarios)
    func scenario(_ name: String) throws {
        let promtool = try Run.tool("promtool")
        let source = TestPaths.promtoolScenarios.appendingPathComponent(name)
        let work = try TestPaths.temporaryDirectory("scenario-\(name)")
        defer { try? FileManager.default.removeItem(at: work) }

        let rules = work.appendingPathComponent("rules.yaml")
        let generated = try Run.burnrate(["rules", source.appendingPathComponent("slo.yaml").path, "-o", rules.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        try FileManager.default.copyItem(
            at: source.appendingPathComponent("test.yaml"), to: work.appendingPathComponent("test.yaml"))

        // promtool silently ignores unknown names in group_eval_order (and then orders groups
        // arbitrarily), so the test's order must name exactly the generated groups.
        let generatedGroups = try String(contentsOf: rules, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("- name: ") }.map { String($0.dropFirst("- name: ".count)) }
        let testText = try String(contentsOf: source.appendingPathComponent("test.yaml"), encoding: .utf8)
        let ordered = testText.split(separator: "\n").drop { !$0.hasPrefix("group_eval_order:") }.dropFirst()
            .prefix { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
        #expect(ordered == generatedGroups, "group_eval_order must list the generated groups in order")

        let result = try Run.process(promtool, ["test", "rules", "test.yaml"], in: work, timeout: 300)
        let output = result.stdout + result.stderr
        if name == "negative-control" {
            #expect(result.status == 1, "the negative control must fail, promtool said: \(output)")
            #expect(output.contains("FAILED"))
            // It fails exactly where the wrong minute was asserted (3d42m), not somewhere else.
            #expect(output.contains("3d42m"))
        } else {
            #expect(result.status == 0, "promtool test rules failed for \(name):\n\(output)")
            #expect(output.contains("SUCCESS"))
        }
    }
}
