internal import CYAML

/// A value to write as YAML. Mappings keep the order they are given in (callers sort).
public indirect enum YAMLValue: Sendable, Equatable {
    case string(String)
    /// A number or other token written plain, exactly as given (already formatted).
    case number(String)
    case bool(Bool)
    case mapping([(String, YAMLValue)])
    case sequence([YAMLValue])

    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.sequence(let a), .sequence(let b)): return a == b
        case (.mapping(let a), .mapping(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

public struct YAMLEmitError: Error, Sendable {
    public var message: String
}

/// Writes `YAMLValue` documents through libyaml's emitter: block style, two-space indentation, no
/// line folding, multi-line strings as literal blocks, and any string that a YAML 1.1 reader would
/// take for a number, boolean or null double-quoted, so that `"1"` stays a string.
public enum YAMLEmitter {
    public static func emit(_ document: YAMLValue) throws(YAMLEmitError) -> String {
        let writer = EmitterSession()
        return try writer.emit(document)
    }

    /// True when a plain scalar with this text would not read back as the same string.
    /// Works on UTF-8 bytes without allocating: it runs for every scalar of every rule file.
    public static func needsQuotes(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return true }
        if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return true }
        if bytes.count <= 6, isReservedWord(text) { return true }
        if looksLikeTimestamp(bytes) { return true }
        // Numbers in any YAML 1.1 or 1.2 spelling (1_000, 1e3, 0x1F, sexagesimal 1:20, .5) are
        // quoted; durations such as 5m or 1d are not numbers and stay plain.
        return isNumberLike(bytes)
    }

    private static let reservedWords: Set<String> = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".inf", "-.inf", "+.inf", ".nan", "<<", "=",
    ]

    private static func isReservedWord(_ text: String) -> Bool {
        reservedWords.contains(text.lowercased())
    }

    private static func isNumberLike(_ bytes: String.UTF8View) -> Bool {
        var index = bytes.startIndex
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index = bytes.index(after: index) }
        guard index < bytes.endIndex else { return false }
        let rest = bytes[index...]
        // .inf / .nan in any case
        if rest.count == 4, rest.first == UInt8(ascii: ".") {
            let word = String(decoding: rest.dropFirst(), as: UTF8.self).lowercased()
            if word == "inf" || word == "nan" { return true }
        }
        // 0x…, 0o…, 0b…
        if rest.count > 2, rest.first == UInt8(ascii: "0") {
            let marker = rest[rest.index(after: rest.startIndex)] | 0x20
            if marker == UInt8(ascii: "x") || marker == UInt8(ascii: "o") || marker == UInt8(ascii: "b") {
                return rest.dropFirst(2).allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: "_") }
            }
        }
        // Mantissa of digits, '.', '_' and ':' with at least one digit, then an optional exponent.
        var sawDigit = false
        var position = rest.startIndex
        while position < rest.endIndex {
            let byte = rest[position]
            if isDigit(byte) {
                sawDigit = true
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") {
                // allowed inside a number
            } else {
                break
            }
            position = rest.index(after: position)
        }
        guard sawDigit else { return false }
        if position == rest.endIndex { return true }
        guard rest[position] | 0x20 == UInt8(ascii: "e") else { return false }
        var exponent = rest[rest.index(after: position)...]
        if let sign = exponent.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            exponent = exponent.dropFirst()
        }
        return !exponent.isEmpty && exponent.allSatisfy(isDigit)
    }

    /// YAML 1.1 timestamps start with a date, `2026-12-04…`.
    private static func looksLikeTimestamp(_ bytes: String.UTF8View) -> Bool {
        guard bytes.count >= 8 else { return false }
        let head = Array(bytes.prefix(5))
        return head[0..<4].allSatisfy(isDigit) && head[4] == UInt8(ascii: "-")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    private static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20 >= 97 && byte | 0x20 <= 102) }
}

/// Owns one `yaml_emitter_t`; not Sendable, lives for one document.
private final class EmitterSession {
    private var emitter = yaml_emitter_t()
    fileprivate var output: [UInt8] = []

    init() {
        yaml_emitter_initialize(&emitter)
        yaml_emitter_set_width(&emitter, -1)
        yaml_emitter_set_indent(&emitter, 2)
        yaml_emitter_set_unicode(&emitter, 1)
        yaml_emitter_set_break(&emitter, YAML_LN_BREAK)
        let context = Unmanaged.passUnretained(self).toOpaque()
        yaml_emitter_set_output(
            &emitter,
            { context, buffer, size in
                guard let context, let buffer else { return 0 }
                let session = Unmanaged<EmitterSession>.fromOpaque(context).takeUnretainedValue()
                session.output.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, context)
    }

    deinit {
        yaml_emitter_delete(&emitter)
    }

    func emit(_ document: YAMLValue) throws(YAMLEmitError) -> String {
        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try send(&event)
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
        try send(&event)
        try emitValue(document)
        yaml_document_end_event_initialize(&event, 1)
        try send(&event)
        yaml_stream_end_event_initialize(&event)
        try send(&event)
        guard yaml_emitter_flush(&emitter) == 1 else { throw failure() }
        return String(decoding: output, as: UTF8.self)
    }

    private func emitValue(_ value: YAMLValue) throws(YAMLEmitError) {
        var event = yaml_event_t()
        switch value {
        case .string(let text):
            let style: yaml_scalar_style_t
            if text.utf8.contains(UInt8(ascii: "\n")) {
                // A literal block keeps expressions readable; libyaml falls back to quoting when a
                // block cannot hold the text (e.g. trailing spaces).
                style = YAML_LITERAL_SCALAR_STYLE
            } else if YAMLEmitter.needsQuotes(text) {
                style = YAML_DOUBLE_QUOTED_SCALAR_STYLE
            } else {
                style = YAML_PLAIN_SCALAR_STYLE
            }
            try scalar(text, style: style)
        case .number(let text):
            try scalar(text, style: YAML_PLAIN_SCALAR_STYLE)
        case .bool(let flag):
            try scalar(flag ? "true" : "false", style: YAML_PLAIN_SCALAR_STYLE)
        case .mapping(let pairs):
            yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
            try send(&event)
            for (key, item) in pairs {
                try emitValue(.string(key))
                try emitValue(item)
            }
            yaml_mapping_end_event_initialize(&event)
            try send(&event)
        case .sequence(let items):
            yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE)
            try send(&event)
            for item in items { try emitValue(item) }
            yaml_sequence_end_event_initialize(&event)
            try send(&event)
        }
    }

    private func scalar(_ text: String, style: yaml_scalar_style_t) throws(YAMLEmitError) {
        var event = yaml_event_t()
        var bytes = Array(text.utf8)
        let plainImplicit: Int32 = style == YAML_PLAIN_SCALAR_STYLE ? 1 : 0
        let ok = bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_scalar_event_initialize(
                &event, nil, nil, buffer.baseAddress, Int32(buffer.count), plainImplicit, 1, style)
        }
        guard ok == 1 else { throw YAMLEmitError(message: "libyaml refused the scalar \(text.debugDescription)") }
        try send(&event)
    }

    private func send(_ event: inout yaml_event_t) throws(YAMLEmitError) {
        // yaml_emitter_emit takes ownership of the event, also on failure.
        guard yaml_emitter_emit(&emitter, &event) == 1 else { throw failure() }
    }

    private func failure() -> YAMLEmitError {
        let problem = emitter.problem.map { String(cString: $0) } ?? "unknown problem"
        return YAMLEmitError(message: "YAML emitter error: \(problem)")
    }
}
