import Foundation

/// Decodes Prometheus HTTP API bodies straight from bytes: no intermediate JSON objects, samples
/// parsed in place. Large `query_range` bodies (10 MB+) must not be the bottleneck of ingestion.
public enum ResponseDecoder {
    public static func decode(_ bytes: [UInt8]) throws(ResponseDecodingError) -> PrometheusResponse {
        try bytes.withUnsafeBufferPointer { buffer throws(ResponseDecodingError) in
            var reader = ByteReader(buffer)
            return try reader.envelope()
        }
    }
}

/// A cursor over JSON bytes with just the grammar the API uses.
private struct ByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// Nesting of skipped values; a hostile body cannot recurse without bound.
    var depth = 0
    static let maxDepth = 64

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func fail(_ message: String) -> ResponseDecodingError {
        if index >= bytes.count {
            return ResponseDecodingError(message: "response body ends early (truncated?)", offset: index)
        }
        return ResponseDecodingError(message: message, offset: index)
    }

    /// A complete body with the wrong content (not a truncation).
    func invalid(_ message: String) -> ResponseDecodingError {
        ResponseDecodingError(message: message, offset: index)
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(ResponseDecodingError) {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else {
            throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        if index < bytes.count, bytes[index] == byte {
            index += 1
            return true
        }
        return false
    }

    mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.count ? bytes[index] : nil
    }

    // MARK: Envelope

    mutating func envelope() throws(ResponseDecodingError) -> PrometheusResponse {
        guard peek() == UInt8(ascii: "{") else { throw fail("response is not JSON (expected an object)") }
        var status: String?
        var errorType: String?
        var errorMessage: String?
        var result: QueryResult?
        var warnings: [String] = []
        try object { (reader: inout ByteReader, key: String) throws(ResponseDecodingError) in
            switch key {
            case "status": status = try reader.string()
            case "errorType": errorType = try reader.string()
            case "error": errorMessage = try reader.string()
            case "warnings": warnings = try reader.stringArray()
            case "data": result = try reader.data()
            default: try reader.skipValue()
            }
        }
        skipSpace()
        guard index == bytes.count else { throw fail("unexpected bytes after the response object") }
        switch status {
        case "success":
            guard let result else { throw invalid("success response without data.result") }
            return PrometheusResponse(status: .success(result), warnings: warnings)
        case "error":
            return PrometheusResponse(
                status: .error(errorType: errorType ?? "unknown", message: errorMessage ?? ""), warnings: warnings)
        default:
            throw invalid("response has no valid status (found \(status.map { "'\($0)'" } ?? "none"))")
        }
    }

    mutating func data() throws(ResponseDecodingError) -> QueryResult? {
        if peek() == UInt8(ascii: "n") {
            try skipValue()
            return nil
        }
        var resultType: String?
        var series: [QueryResult.Series]?
        var pair: (Double, String)?
        try object { (reader: inout ByteReader, key: String) throws(ResponseDecodingError) in
            switch key {
            case "resultType": resultType = try reader.string()
            case "result":
                guard reader.peek() == UInt8(ascii: "[") else { throw reader.fail("data.result must be a list") }
                // Matrix and vector results are lists of objects; scalar and string results are
                // one [time, "value"] pair.
                let save = reader.index
                reader.index += 1
                let next = reader.peek()
                reader.index = save
                if next == UInt8(ascii: "{") || next == UInt8(ascii: "]") {
                    series = try reader.seriesList()
                } else {
                    pair = try reader.rawPair()
                }
            default: try reader.skipValue()
            }
        }
        switch resultType {
        case "matrix":
            guard let series else { throw invalid("matrix result is not a list of series") }
            return .matrix(series)
        case "vector":
            guard let series else { throw invalid("vector result is not a list of samples") }
            return .vector(series)
        case "scalar":
            guard let pair else { throw invalid("scalar result is not a [time, value] pair") }
            return .scalar(QueryResult.Sample(timestamp: pair.0, value: try Self.sampleValue(pair.1, self)))
        case "string":
            guard let pair else { throw invalid("string result is not a [time, value] pair") }
            return .string(timestamp: pair.0, value: pair.1)
        default:
            throw invalid("unknown resultType \(resultType.map { "'\($0)'" } ?? "(missing)")")
        }
    }

    mutating func seriesList() throws(ResponseDecodingError) -> [QueryResult.Series] {
        var list: [QueryResult.Series] = []
        try array { (reader: inout ByteReader) throws(ResponseDecodingError) in
            var labels: [String: String] = [:]
            var samples: [QueryResult.Sample] = []
            try reader.object { (reader: inout ByteReader, key: String) throws(ResponseDecodingError) in
                switch key {
                case "metric":
                    try reader.object { (reader: inout ByteReader, name: String) throws(ResponseDecodingError) in
                        labels[name] = try reader.string()
                    }
                case "values":
                    try reader.array { (reader: inout ByteReader) throws(ResponseDecodingError) in
                        samples.append(try reader.sample())
                    }
                case "value":
                    samples.append(try reader.sample())
                default:
                    try reader.skipValue()
                }
            }
            list.append(QueryResult.Series(labels: labels, samples: samples))
        }
        return list
    }

    mutating func sample() throws(ResponseDecodingError) -> QueryResult.Sample {
        let (timestamp, text) = try rawPair()
        guard timestamp.isFinite, abs(timestamp) < 1e12 else {
            throw invalid("sample timestamp \(timestamp) is out of range")
        }
        return QueryResult.Sample(timestamp: timestamp, value: try Self.sampleValue(text, self))
    }

    static func sampleValue(_ text: String, _ reader: ByteReader) throws(ResponseDecodingError) -> Double {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            guard let value = Double(text) else { throw reader.fail("sample value '\(text)' is not a number") }
            return value
        }
    }

    /// `[<number>, "<string>"]`
    mutating func rawPair() throws(ResponseDecodingError) -> (Double, String) {
        try expect(UInt8(ascii: "["))
        let timestamp = try number()
        try expect(UInt8(ascii: ","))
        let text = try string()
        try expect(UInt8(ascii: "]"))
        return (timestamp, text)
    }

    // MARK: Grammar

    mutating func object(_ member: (inout ByteReader, String) throws(ResponseDecodingError) -> Void)
        throws(ResponseDecodingError)
    {
        try expect(UInt8(ascii: "{"))
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            let key = try string()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    mutating func array(_ element: (inout ByteReader) throws(ResponseDecodingError) -> Void)
        throws(ResponseDecodingError)
    {
        try expect(UInt8(ascii: "["))
        if consume(UInt8(ascii: "]")) { return }
        repeat {
            try element(&self)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    mutating func stringArray() throws(ResponseDecodingError) -> [String] {
        var result: [String] = []
        try array { (reader: inout ByteReader) throws(ResponseDecodingError) in result.append(try reader.string()) }
        return result
    }

    mutating func string() throws(ResponseDecodingError) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            index += 1
        }
        index = start
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() {
            if !raw.isEmpty {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw fail("unterminated string") }
                let escape = bytes[index]
                index += 1
                flush()
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw invalid("invalid UTF-16 surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: scalars.append(Unicode.Scalar(escape))
                }
            default:
                raw.append(byte)
            }
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws(ResponseDecodingError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("bad \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw fail("bad \\u escape")
            }
            value = value * 16 + digit
        }
        return value
    }

    mutating func number() throws(ResponseDecodingError) -> Double {
        skipSpace()
        let start = index
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        guard index > start else { throw fail("expected a number") }
        // Timestamps are whole seconds with at most 3 decimals: parse them exactly by hand.
        var integer: Int64 = 0
        var fraction: Int64 = 0
        var scale: Int64 = 1
        var position = start
        var negative = false
        if bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        var simple = position < index
        while position < index, bytes[position] >= 48, bytes[position] <= 57, integer < 1 << 50 {
            integer = integer * 10 + Int64(bytes[position] - 48)
            position += 1
        }
        if position < index, bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < index, bytes[position] >= 48, bytes[position] <= 57, scale < 1_000_000_000 {
                fraction = fraction * 10 + Int64(bytes[position] - 48)
                scale *= 10
                position += 1
            }
        }
        if position != index { simple = false }
        if simple {
            let value = Double(integer) + Double(fraction) / Double(scale)
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw fail("'\(text)' is not a number") }
        return value
    }

    static func isNumberByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// Skips any JSON value.
    mutating func skipValue() throws(ResponseDecodingError) {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw invalid("JSON nested deeper than \(Self.maxDepth) levels") }
        switch peek() {
        case UInt8(ascii: "{"):
            try object { (reader: inout ByteReader, _: String) throws(ResponseDecodingError) in try reader.skipValue() }
        case UInt8(ascii: "["):
            try array { (reader: inout ByteReader) throws(ResponseDecodingError) in try reader.skipValue() }
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for word in ["true", "false", "null"] {
                let utf8 = Array(word.utf8)
                if index + utf8.count <= bytes.count, Array(bytes[index..<(index + utf8.count)]) == utf8 {
                    index += utf8.count
                    return
                }
            }
            throw fail("invalid literal")
        case nil:
            throw fail("expected a value")
        default:
            _ = try number()
        }
    }
}
