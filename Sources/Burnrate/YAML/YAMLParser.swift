internal import CYAML

/// A YAML problem found by libyaml (or by the UTF-8 check that runs before it), with its mark.
public struct YAMLSyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var mark: SourceMark

    public init(message: String, mark: SourceMark) {
        self.message = message
        self.mark = mark
    }
}

/// Parses YAML text into node trees through libyaml's event API. Each `---` document becomes one
/// root node; comments and an empty stream give no documents.
public enum YAMLParser {
    public static func parseDocuments(_ bytes: [UInt8]) throws(YAMLSyntaxError) -> [YAMLNode] {
        if let invalid = firstInvalidUTF8(bytes) {
            throw YAMLSyntaxError(
                message: "file is not valid UTF-8 (byte 0x\(hex(bytes[invalid.offset])) at offset \(invalid.offset))",
                mark: invalid.mark)
        }
        let reader = EventReader(bytes)
        return try reader.readStream()
    }

    /// Returns the byte offset and mark of the first byte that is not well-formed UTF-8, if any.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, mark: SourceMark)? {
        var index = 0
        var line = 1
        var lineStart = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            var valid = length > 0 && index + length <= bytes.count
            if valid {
                for continuation in bytes[(index + 1)..<(index + length)] where continuation & 0xC0 != 0x80 {
                    valid = false
                }
            }
            if valid, length == 3 {
                let second = bytes[index + 1]
                if (byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) { valid = false }
            }
            if valid, length == 4 {
                let second = bytes[index + 1]
                if (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F) { valid = false }
            }
            if !valid {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                return (index, SourceMark(line: line, column: column))
            }
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return nil
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

/// Owns one `yaml_parser_t`; not Sendable, lives for one parse.
private final class EventReader {
    private var parser = yaml_parser_t()
    private let bytes: [UInt8]
    private var anchors: [String: YAMLNode] = [:]
    private var buffer: UnsafeMutablePointer<UInt8>

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // libyaml keeps a pointer to the input for the whole parse, so it gets a stable copy.
        buffer = .allocate(capacity: max(bytes.count, 1))
        buffer.initialize(from: bytes, count: bytes.count)
        yaml_parser_initialize(&parser)
        yaml_parser_set_input_string(&parser, buffer, bytes.count)
    }

    deinit {
        yaml_parser_delete(&parser)
        buffer.deallocate()
    }

    /// One parsed event, copied out of libyaml's structure so the C event can be freed at once.
    private enum Event {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias(anchor: String, mark: SourceMark)
        case scalar(YAMLScalar, anchor: String?, mark: SourceMark)
        case sequenceStart(anchor: String?, mark: SourceMark)
        case sequenceEnd
        case mappingStart(anchor: String?, mark: SourceMark)
        case mappingEnd
    }

    func readStream() throws(YAMLSyntaxError) -> [YAMLNode] {
        var documents: [YAMLNode] = []
        guard case .streamStart = try next() else { throw unexpected() }
        while true {
            switch try next() {
            case .streamEnd:
                return documents
            case .documentStart:
                anchors = [:]
                let root = try readNode(try next())
                guard case .documentEnd = try next() else { throw unexpected() }
                documents.append(root)
            default:
                throw unexpected()
            }
        }
    }

    private func readNode(_ event: Event) throws(YAMLSyntaxError) -> YAMLNode {
        switch event {
        case .scalar(let scalar, let anchor, let mark):
            let node = YAMLNode(.scalar(scalar), mark: mark)
            if let anchor { anchors[anchor] = node }
            return node
        case .alias(let anchor, let mark):
            guard let node = anchors[anchor] else {
                throw YAMLSyntaxError(message: "unknown alias '*\(anchor)'", mark: mark)
            }
            return node
        case .sequenceStart(let anchor, let mark):
            var items: [YAMLNode] = []
            while true {
                let item = try next()
                if case .sequenceEnd = item { break }
                items.append(try readNode(item))
            }
            let node = YAMLNode(.sequence(items), mark: mark)
            if let anchor { anchors[anchor] = node }
            return node
        case .mappingStart(let anchor, let mark):
            var pairs: [YAMLPair] = []
            while true {
                let keyEvent = try next()
                if case .mappingEnd = keyEvent { break }
                let key = try readNode(keyEvent)
                let value = try readNode(try next())
                pairs.append(YAMLPair(key: key, value: value))
            }
            let node = YAMLNode(.mapping(pairs), mark: mark)
            if let anchor { anchors[anchor] = node }
            return node
        default:
            throw unexpected()
        }
    }

    private func unexpected() -> YAMLSyntaxError {
        YAMLSyntaxError(
            message: "unexpected YAML structure",
            mark: SourceMark(line: parser.mark.line + 1, column: parser.mark.column + 1))
    }

    private func next() throws(YAMLSyntaxError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            throw parserError()
        }
        defer { yaml_event_delete(&event) }
        let mark = SourceMark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(
                decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let style: YAMLScalar.Style
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let tag = data.plain_implicit == 1 || data.quoted_implicit == 1 ? nil : Self.string(data.tag)
            return .scalar(
                YAMLScalar(text: text, style: style, tag: tag), anchor: Self.string(data.anchor), mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: Self.string(event.data.sequence_start.anchor), mark: mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: Self.string(event.data.mapping_start.anchor), mark: mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default:
            return .streamEnd
        }
    }

    private func parserError() -> YAMLSyntaxError {
        let problem = Self.string(parser.problem) ?? "invalid YAML"
        var message = problem
        if let context = Self.string(parser.context) {
            message = "\(problem) (\(context))"
        }
        // Scanner and parser errors carry a problem mark; reader errors only an offset.
        var mark = SourceMark(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1)
        if parser.error == YAML_READER_ERROR {
            mark = markForOffset(parser.problem_offset)
        }
        return YAMLSyntaxError(message: message, mark: mark)
    }

    private func markForOffset(_ offset: Int) -> SourceMark {
        let prefix = bytes.prefix(offset)
        let line = prefix.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return SourceMark(line: line, column: column)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }
}
