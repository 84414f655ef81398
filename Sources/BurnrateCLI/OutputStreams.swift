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

    /// Set when stdout could not be written (a full disk, a closed pipe): the command then ends
    /// with exit 74 instead of pretending it succeeded.
    public static func standard() -> OutputStreams {
        let failure = FailureFlag()
        let streams = OutputStreams(
            out: { text in
                do { try FileHandle.standardOutput.write(contentsOf: Data(text.utf8)) } catch { failure.set() }
            },
            err: { text in try? FileHandle.standardError.write(contentsOf: Data(text.utf8)) })
        streams.failureFlag = failure
        return streams
    }

    fileprivate var failureFlag: FailureFlag?
    public var writeFailed: Bool { failureFlag?.value ?? false }

    public func out(_ text: String) { writeOut(text) }
    public func err(_ text: String) { writeErr(text) }
    public func outLine(_ text: String = "") { writeOut(text + "\n") }
    public func errLine(_ text: String = "") { writeErr(text + "\n") }
}

final class FailureFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var failed = false
    func set() { lock.withLock { failed = true } }
    var value: Bool { lock.withLock { failed } }
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
