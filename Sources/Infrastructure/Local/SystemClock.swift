import Foundation
import AgentBackupPorts

/// The real wall clock: `Date()` and `Task.sleep`, so a cancelled task stops sleeping at once.
public struct SystemClock: WallClock {
    /// Creates the clock; it holds no state.
    public init() {}

    /// The current instant.
    public func now() -> Date { Date() }

    /// Sleeps for `seconds` (negative means no sleep); throws `CancellationError` when cancelled.
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64((seconds * 1_000_000_000).rounded()))
    }
}
