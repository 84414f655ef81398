import Burnrate
import Foundation
import Testing

/// Decoding Prometheus API bodies: the shapes of real responses (captured from Prometheus 2.42
/// under Fixtures/responses where noted), NaN/Inf strings, empty results, errors, truncation.
@Suite("Prometheus response decoding")
struct DecoderTests {
    static func decode(_ text: String) throws -> PrometheusResponse {
        try ResponseDecoder.decode(Array(text.utf8))
    }

    @Test("matrix with NaN, +Inf, -Inf and fractional timestamps")
    func matrix() throws {
        let response = try Self.decode(
            #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"x","code":"5\"00"},"values":[[1767225600,"0.5"],[1767225900.123,"NaN"],[1767226200,"+Inf"],[1767226500,"-Inf"],[1767226800,"1e-3"]]}]}}"#
        )
        guard case .success(.matrix(let series)) = response.status else {
            Issue.record("not a matrix")
            return
        }
        #expect(series.count == 1)
        #expect(series[0].labels == ["job": "x", "code": "5\"00"])
        let values = series[0].samples.map(\.value)
        #expect(values[0] == 0.5 && values[1].isNaN && values[2] == .infinity && values[3] == -.infinity)
        #expect(values[4] == 0.001)
        #expect(series[0].samples[1].timestamp == 1_767_225_900.123)
    }

    @Test("empty result is no data, not zero")
    func empty() throws {
        let response = try Self.decode(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#)
        #expect(response.status == .success(.matrix([])))
    }

    @Test("scalar NaN (0/0 in an instant query), vector and string results")
    func otherTypes() throws {
        #expect(
            try Self.decode(#"{"status":"success","data":{"resultType":"scalar","result":[1767225600,"NaN"]}}"#).status
                == .success(.scalar(QueryResult.Sample(timestamp: 1_767_225_600, value: .nan))))
        let vector = try Self.decode(
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1767225600,"42"]}]},"warnings":["partial"]}"#
        )
        #expect(
            vector.status
                == .success(
                    .vector([
                        QueryResult.Series(
                            labels: [:], samples: [QueryResult.Sample(timestamp: 1_767_225_600, value: 42)])
                    ])))
        #expect(vector.warnings == ["partial"])
        #expect(
            try Self.decode(#"{"status":"success","data":{"resultType":"string","result":[1767225600,"é\n\u00e9"]}}"#)
                .status
                == .success(.string(timestamp: 1_767_225_600, value: "é\né")))
    }

    @Test("error status keeps errorType and error")
    func errorStatus() throws {
        let response = try Self.decode(
            #"{"status":"error","errorType":"bad_data","error":"1:10: parse error: unexpected character"}"#)
        #expect(response.status == .error(errorType: "bad_data", message: "1:10: parse error: unexpected character"))
    }

    @Test(
        "a truncated body, garbage and a wrong shape are errors with a position",
        arguments: [
            (
                #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1767225600,"0."#,
                "response body ends early (truncated?)"
            ),
            ("<html>not json</html>", "response is not JSON (expected an object)"),
            (
                #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1767225600,"abc"]]}]}}"#,
                "sample value 'abc' is not a number"
            ),
            (#"{"status":"weird"}"#, "response has no valid status (found 'weird')"),
        ])
    func malformed(_ body: String, _ message: String) throws {
        #expect(throws: ResponseDecodingError.self) { try Self.decode(body) }
        do {
            _ = try Self.decode(body)
        } catch let error as ResponseDecodingError {
            #expect(error.message == message)
        }
    }

    @Test("captured Prometheus 2.42 responses decode to the values the JSON holds (checked with Python's json)")
    func capturedResponses() throws {
        let directory = TestPaths.fixtures.appendingPathComponent("responses")
        let files = TestPaths.files(in: directory, withExtension: "json")
        #expect(files.count >= 3, "capture some responses into Fixtures/responses")
        let python = try Run.tool("python3")
        for file in files {
            let data = try Data(contentsOf: file)
            let response = try ResponseDecoder.decode([UInt8](data))
            // Python's json module is the independent reader: count samples and sum finite values.
            let script = """
                import json, math, sys
                d = json.load(open(sys.argv[1]))
                if d["status"] != "success":
                    print("error", d["errorType"]); sys.exit()
                r = d["data"]["result"]; t = d["data"]["resultType"]
                if t == "string":
                    print("string", 0, 0.0, 0); sys.exit()
                pts = [s for x in r for s in x.get("values", [x.get("value")] if "value" in x else [])] if t in ("matrix", "vector") else [r]
                fin = [float(v) for _, v in pts if math.isfinite(float(v))]
                print(t, len(pts), repr(sum(fin)), len(pts) - len(fin))
                """
            let oracle = try Run.process(python, ["-c", script, file.path]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            switch response.status {
            case .error(let type, _):
                #expect(oracle == "error \(type)")
            case .success(let result):
                var samples: [QueryResult.Sample] = []
                var kind = ""
                switch result {
                case .matrix(let series): samples = series.flatMap(\.samples); kind = "matrix"
                case .vector(let series): samples = series.flatMap(\.samples); kind = "vector"
                case .scalar(let sample): samples = [sample]; kind = "scalar"
                case .string: kind = "string"
                }
                let finite: [Double] = samples.map(\.value).filter(\.isFinite)
                let sum: Double = finite.reduce(0, +)
                let parts = oracle.split(separator: " ")
                try #require(parts.count == 4, "python said: \(oracle)")
                #expect(String(parts[0]) == kind, "\(file.lastPathComponent)")
                #expect(Int(parts[1]) == samples.count, "\(file.lastPathComponent)")
                let pythonSum: Double = Double(parts[2]) ?? .nan
                let tolerance: Double = 1e-9 * max(1, abs(sum))
                #expect(abs(pythonSum - sum) <= tolerance)
                #expect(Int(parts[3]) == samples.count - finite.count)
            }
        }
    }
}
