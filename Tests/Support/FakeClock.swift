import AgentBackupPorts
import Foundation

/// A `WallClock` that tests set and advance by hand.
///
/// - By default `sleep` never waits: it records the requested seconds (so retry back-off can be
///   asserted) and moves the time forward (`sleepAdvancesTime: false` keeps it still).
/// - `FakeClock.manual()` makes `sleep` really wait, until the test moves the time past its end
///   with `advance(by:)` or `set(_:)`; `waitForSleepers(_:)` waits (for an event, not a
///   duration) until that many tasks are asleep. For code whose tasks race against time, such as
///   a circuit breaker's waiting requests.
public final class FakeClock: WallClock {
    private struct Sleeper {
        var wake: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleeps: [Double] = []
        var sleepAdvancesTime: Bool
        var manual = false
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
        var sleeperWatchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        /// The task of `advanceByItself`, waiting for someone to sleep.
        var advancer: CheckedContinuation<Void, Never>?
    }

    private let state: Locked<State>

    /// 2026-02-09T10:04:05.123Z, the instant of the SPEC's examples (snapshot `2026-02-09T10-04-05-123Z`).
    public static let specExampleDate = Date(timeIntervalSince1970: 1_770_631_445.123)

    /// - Parameter sleepAdvancesTime: false keeps the time still while code sleeps.
    public init(now: Date = FakeClock.specExampleDate, sleepAdvancesTime: Bool = true) {
        state = Locked(State(now: now, sleepAdvancesTime: sleepAdvancesTime))
    }

    /// A clock whose sleeps last until the test moves the time past their end.
    public static func manual(now: Date = FakeClock.specExampleDate) -> FakeClock {
        let clock = FakeClock(now: now, sleepAdvancesTime: false)
        clock.state.withLock { $0.manual = true }
        return clock
    }

    public func now() -> Date {
        state.withLock { $0.now }
    }

    /// Sets the current time (waking manual sleepers whose end it passes).
    public func set(_ date: Date) {
        wake(state.withLock { state in
            state.now = date
            return Self.due(&state)
        })
    }

    /// Moves the current time forward by `seconds` (waking manual sleepers whose end it passes).
    public func advance(by seconds: Double) {
        wake(state.withLock { state in
            state.now = state.now.addingTimeInterval(seconds)
            return Self.due(&state)
        })
    }

    /// Records the request and returns at once (after a yield), or on a manual clock waits until
    /// the time reaches its end. Throws `CancellationError` when the task is cancelled, as a real
    /// sleep does.
    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        let manual = state.withLock { state in
            state.sleeps.append(seconds)
            if state.sleepAdvancesTime { state.now = state.now.addingTimeInterval(seconds) }
            return state.manual
        }
        if manual {
            try await sleepManually(seconds: seconds)
        } else {
            await Task.yield()
        }
        try Task.checkCancellation()
    }

    /// Every sleep requested, in order.
    public var sleeps: [Double] { state.withLock { $0.sleeps } }

    /// The sum of every sleep requested.
    public var totalSlept: Double { state.withLock { $0.sleeps.reduce(0, +) } }

    /// Tasks asleep right now on a manual clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest end of a manual sleep, or nil when nobody sleeps.
    public var nextWake: Date? { state.withLock { $0.sleepers.values.map(\.wake).min() } }

    /// Returns once at least `count` tasks sleep on this manual clock.
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.sleeperWatchers.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Makes a manual clock run by itself, as a discrete-event simulation: whenever someone
    /// sleeps and the tasks that can run have had their turn, the time jumps to the earliest
    /// wake-up. Tasks sleeping side by side share one timeline (eight requests backing off for
    /// 1 s move the time by 1 s, not 8 s, as on a real clock), and nobody waits for real.
    /// Cancel the returned task to stop it.
    public func advanceByItself() -> Task<Void, Never> {
        Task.detached { [self] in
            while await sleeperArrived() {
                // Let every task that can run reach its next sleep before the time moves.
                for _ in 0..<16 { await Task.yield() }
                if let next = nextWake, next > now() { set(next) }
            }
        }
    }

    /// Returns true once someone sleeps, false when the calling task is cancelled.
    private func sleeperArrived() async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if !state.sleepers.isEmpty || Task.isCancelled { return true }
                    state.advancer = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
            return !Task.isCancelled
        } onCancel: {
            let advancer = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.advancer = nil }
                return state.advancer
            }
            advancer?.resume()
        }
    }

    private func sleepManually(seconds: Double) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (resumeNow, watchers) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    let wake = state.now.addingTimeInterval(max(0, seconds))
                    if wake <= state.now { return (true, []) }
                    if Task.isCancelled { return (true, []) }
                    state.sleepers[id] = Sleeper(wake: wake, continuation: continuation)
                    let count = state.sleepers.count
                    var ready = state.sleeperWatchers.filter { $0.count <= count }.map(\.continuation)
                    state.sleeperWatchers.removeAll { $0.count <= count }
                    if let advancer = state.advancer {
                        ready.append(advancer)
                        state.advancer = nil
                    }
                    return (false, ready)
                }
                for watcher in watchers { watcher.resume() }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    private static func due(_ state: inout State) -> [CheckedContinuation<Void, any Error>] {
        let ready = state.sleepers.filter { $0.value.wake <= state.now }
        for id in ready.keys { state.sleepers[id] = nil }
        return ready.values.map(\.continuation)
    }

    private func wake(_ continuations: [CheckedContinuation<Void, any Error>]) {
        for continuation in continuations { continuation.resume() }
    }
}
