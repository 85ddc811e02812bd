import Foundation

/// Wall-clock time and sleeping, injected so tests control both.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
    /// Sleeps for `seconds` (cancellable).
    func sleep(seconds: Double) async throws
}
