import Burnrate
import Foundation
import Testing

/// The YAML layer, judged by an independent reader (PyYAML, YAML 1.1 resolvers: the strictest
/// about strings that look like numbers or booleans) and by hand-counted marks.
@Suite("YAML")
struct YAMLTests {
    static let trickyStrings = [
        "1", "0.3", "1e3", "1E-5", "0755", "0x1F", "1_000", "1:20", ".5", "-1", "+2", "true", "False", "yes", "NO",
        "on", "off", "y", "n", "null", "Null", "~", "", " leading", "trailing ", "a: b", "#comment", "- dash",
        "{{ $value }}", "[x]", "{y}", "'single'", "\"double\"", "back\\slash", "tab\there", "multi\nline",
        "ends with newline\n", "équipe ✓", "*alias", "&anchor", "!tag", "%percent", "@at", "`tick`", "|pipe",
        ">fold", "5m", "1d", "30d", "4w", ".inf", "-.Inf", ".NaN", "<<", "=", "?", "- ", "a #b", "x:", "2026-12-04",
    ]

    @Test("every string the emitter writes reads back as the same string in PyYAML")
    func emitterRoundTrip() throws {
        let value = YAMLValue.mapping(Self.trickyStrings.enumerated().map { ("k\($0.offset)", .string($0.element)) })
        let text = try YAMLEmitter.emit(value)
        let loaded = try PyYAML.load(text)
        let expected = Dictionary(
            uniqueKeysWithValues: Self.trickyStrings.enumerated().map { ("k\($0.offset)", $0.element) })
        #expect(loaded as? [String: String] == expected, "emitted:\n\(text)")
    }

    @Test("numbers and booleans written as such read back as numbers and booleans")
    func emitterTypedScalars() throws {
        let text = try YAMLEmitter.emit(
            .mapping([("a", .number("0.001")), ("b", .bool(true)), ("c", .sequence([.number("30")]))]))
        #expect(text == "a: 0.001\nb: true\nc:\n- 30\n")
    }

    @Test("parser marks are 1-based line and column of each node's first character")
    func parserMarks() throws {
        let text = "version: burnrate/v1\nslos:\n  - name: \"quoted\"\n    objective: 99.9\n"
        let documents = try YAMLParser.parseDocuments(Array(text.utf8))
        let root = try #require(documents.first?.pairs)
        #expect(root[0].key.mark == SourceMark(line: 1, column: 1))
        #expect(root[0].value.mark == SourceMark(line: 1, column: 10))
        let slo = try #require(root[1].value.items?.first?.pairs)
        #expect(slo[0].key.mark == SourceMark(line: 3, column: 5))
        #expect(slo[0].value.mark == SourceMark(line: 3, column: 11))
        #expect(slo[0].value.scalar == YAMLScalar(text: "quoted", style: .doubleQuoted))
        #expect(slo[1].value.mark == SourceMark(line: 4, column: 16))
    }

    @Test("several documents, anchors and aliases; columns count characters, not bytes")
    func documentsAndAliases() throws {
        let text = "z: 1\n---\na: &x é\nb: *x\nc: [✓, d]\n"
        let documents = try YAMLParser.parseDocuments(Array(text.utf8))
        #expect(documents.count == 2)
        #expect(documents[1].pairs?[1].value.scalar?.text == "é")
        // "d" is the 8th character of line 5 (the 10th byte).
        #expect(documents[1].pairs?[2].value.items?[1].mark == SourceMark(line: 5, column: 8))
    }

    @Test("libyaml's own errors keep their mark")
    func syntaxError() {
        #expect(
            throws: YAMLSyntaxError(
                message: "mapping values are not allowed in this context", mark: SourceMark(line: 2, column: 4))
        ) {
            try YAMLParser.parseDocuments(Array("a: 1\n  b: 2\nc\n".utf8))
        }
    }

    @Test("invalid UTF-8 is located by line and column")
    func invalidUTF8() {
        var bytes = Array("a: 1\nb: é".utf8)
        bytes.append(0xC3)  // a lead byte with no continuation
        #expect(
            throws: YAMLSyntaxError(
                message: "file is not valid UTF-8 (byte 0xC3 at offset 10)", mark: SourceMark(line: 2, column: 5))
        ) {
            try YAMLParser.parseDocuments(bytes)
        }
    }

    @Test("rules from tricky-strings.yaml keep every label and annotation value exactly (PyYAML reads both)")
    func trickyStringsSurvive() throws {
        let spec = TestPaths.specs.appendingPathComponent("valid/tricky-strings.yaml")
        let result = try Run.burnrate(["rules", spec.path])
        #expect(result.status == 0, "\(result.stderr)")
        let script = """
            import json, sys, yaml
            spec = yaml.safe_load(open(sys.argv[1]))
            rules = yaml.safe_load(sys.stdin)
            problems = []
            for slo in spec["slos"]:
                expected = dict(spec.get("labels") or {}); expected.update(slo.get("labels") or {})
                alert_labels = (slo.get("alerting") or {}).get("labels") or {}
                alert_annotations = (slo.get("alerting") or {}).get("annotations") or {}
                for group in rules["groups"]:
                    for rule in group["rules"]:
                        if "record" in rule:
                            for k, v in expected.items():
                                if rule["labels"].get(k) != v: problems.append((rule["record"], k, v, rule["labels"].get(k)))
                        else:
                            for k, v in alert_labels.items():
                                if rule["labels"].get(k) != v: problems.append((rule["alert"], k, v, rule["labels"].get(k)))
                            for k, v in alert_annotations.items():
                                if rule["annotations"].get(k) != v: problems.append((rule["alert"], k, v, rule["annotations"].get(k)))
            print(json.dumps(problems))
            """
        let python = try Run.tool("python3")
        let checked = try Run.process(python, ["-c", script, spec.path], stdin: result.stdout)
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}

/// PyYAML as an independent YAML reader.
enum PyYAML {
    static func load(_ text: String) throws -> Any {
        let python = try Run.tool("python3")
        let result = try Run.process(
            python, ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"], stdin: text)
        #expect(result.status == 0, "PyYAML failed: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }
}
