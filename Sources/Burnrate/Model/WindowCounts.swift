/// Event counts of one window, as read from history: the engine's only input about the past.
public struct WindowCounts: Sendable, Hashable {
    public var errors: Double
    public var total: Double
    /// Steps in the window that have data (a stored row).
    public var stepsWithData: Int

    public init(errors: Double, total: Double, stepsWithData: Int) {
        self.errors = errors
        self.total = total
        self.stepsWithData = stepsWithData
    }
}
