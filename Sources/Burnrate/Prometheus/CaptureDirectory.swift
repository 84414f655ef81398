import Foundation

/// Captured Prometheus responses, replayable offline by `ingest --from-dir`:
///
///     DIR/capture.json                      what was captured (format, step, range, queries)
///     DIR/<service>/<name>/errors-<start>.json   query_range bodies, one per chunk, as received
///     DIR/<service>/<name>/total-<start>.json
public struct CaptureManifest: Codable, Sendable, Equatable {
    public static let formatName = "burnrate-capture/v1"

    public struct Entry: Codable, Sendable, Equatable {
        public var errorsQuery: String
        public var totalQuery: String
        public var errorsFiles: [String]
        public var totalFiles: [String]

        enum CodingKeys: String, CodingKey {
            case errorsQuery = "errors_query"
            case totalQuery = "total_query"
            case errorsFiles = "errors_files"
            case totalFiles = "total_files"
        }

        public init(errorsQuery: String, totalQuery: String, errorsFiles: [String], totalFiles: [String]) {
            self.errorsQuery = errorsQuery
            self.totalQuery = totalQuery
            self.errorsFiles = errorsFiles
            self.totalFiles = totalFiles
        }
    }

    public var format: String
    public var stepSeconds: Int64
    /// The first and last step end captured (unix seconds).
    public var firstEnd: Int64
    public var lastEnd: Int64
    /// Where it came from, without credentials.
    public var source: String
    public var slos: [String: Entry]

    enum CodingKeys: String, CodingKey {
        case format
        case stepSeconds = "step_seconds"
        case firstEnd = "first_end"
        case lastEnd = "last_end"
        case source
        case slos
    }

    public init(stepSeconds: Int64, firstEnd: Int64, lastEnd: Int64, source: String, slos: [String: Entry]) {
        format = Self.formatName
        self.stepSeconds = stepSeconds
        self.firstEnd = firstEnd
        self.lastEnd = lastEnd
        self.source = source
        self.slos = slos
    }

    /// The directory of an SLO's files, relative to the capture root.
    public static func directory(for slo: SLO) -> String { "\(slo.service)/\(slo.name)" }

    public static func read(from directory: String) throws -> CaptureManifest {
        let path = (directory as NSString).appendingPathComponent("capture.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CaptureError(
                "no capture.json in '\(directory)'; create one with 'burnrate capture … -o \(directory)'")
        }
        let manifest: CaptureManifest
        do {
            manifest = try JSONDecoder().decode(CaptureManifest.self, from: data)
        } catch {
            throw CaptureError("'\(path)' is not a burnrate capture manifest: \(error)")
        }
        guard manifest.format == formatName else {
            throw CaptureError("'\(path)' has format '\(manifest.format)', expected '\(formatName)'")
        }
        guard manifest.stepSeconds > 0 else { throw CaptureError("'\(path)': step_seconds must be positive") }
        return manifest
    }

    public func write(to directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(self)
        let path = (directory as NSString).appendingPathComponent("capture.json")
        let temporary = path + ".tmp"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw CaptureError("cannot write '\(path)'") }
    }
}

public struct CaptureError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
