import AgentBackupPorts
import Foundation

/// A `WallClock` that tests set and advance by hand. `sleep` never waits: it records the
/// requested seconds (so retry back-off can be asserted) and, by default, moves the time forward.
public final class FakeClock: WallClock {
    private struct State {
        var now: Date
        var sleeps: [Double] = []
        var sleepAdvancesTime: Bool
    }

    private let state: Locked<State>

    /// 2026-02-09T10:04:05.123Z, the instant of the SPEC's examples (snapshot `2026-02-09T10-04-05-123Z`).
    public static let specExampleDate = Date(timeIntervalSince1970: 1_770_631_445.123)

    /// - Parameter sleepAdvancesTime: false keeps the time still while code sleeps.
    public init(now: Date = FakeClock.specExampleDate, sleepAdvancesTime: Bool = true) {
        state = Locked(State(now: now, sleepAdvancesTime: sleepAdvancesTime))
    }

    public func now() -> Date {
        state.withLock { $0.now }
    }

    /// Sets the current time.
    public func set(_ date: Date) {
        state.withLock { $0.now = date }
    }

    /// Moves the current time forward by `seconds`.
    public func advance(by seconds: Double) {
        state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
    }

    /// Returns at once (after a yield), recording the request; throws `CancellationError` when the
    /// task is cancelled, as a real sleep does.
    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(seconds)
            if state.sleepAdvancesTime { state.now = state.now.addingTimeInterval(seconds) }
        }
        await Task.yield()
        try Task.checkCancellation()
    }

    /// Every sleep requested, in order.
    public var sleeps: [Double] { state.withLock { $0.sleeps } }

    /// The sum of every sleep requested.
    public var totalSlept: Double { state.withLock { $0.sleeps.reduce(0, +) } }
}
