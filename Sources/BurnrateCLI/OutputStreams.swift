import Foundation

/// Where a command writes: results to `out`, diagnostics and progress to `err`. Tests capture
/// both in memory; the binary writes to the file descriptors.
public final class OutputStreams: @unchecked Sendable {
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        writeOut = out
        writeErr = err
    }

    public static func standard() -> OutputStreams {
        OutputStreams(
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    public func out(_ text: String) { writeOut(text) }
    public func err(_ text: String) { writeErr(text) }
    public func outLine(_ text: String = "") { writeOut(text + "\n") }
    public func errLine(_ text: String = "") { writeErr(text + "\n") }
}

/// Streams that collect text, for in-process tests.
public final class CapturedStreams: @unchecked Sendable {
    public private(set) var out = ""
    public private(set) var err = ""
    private let lock = NSLock()
    public init() {}

    public var streams: OutputStreams {
        OutputStreams(
            out: { text in self.lock.withLock { self.out += text } },
            err: { text in self.lock.withLock { self.err += text } })
    }
}
