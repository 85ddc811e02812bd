import AgentBackupPorts
import Foundation
import Logging

/// The daemon's schedule, free of signals and real time: restore-if-empty, push now, then push at
/// every tick of the schedule until shutdown is requested, then push once more.
///
/// - Ticks that fall during a push are dropped (coalesced): the next fire time is computed from
///   the time the push ended.
/// - A failed push is logged; the daemon keeps running and tries again at the next tick.
/// - Shutdown never interrupts a push: the running one finishes, then one final push runs.
/// - Sleeps are cut into slices of at most `maximumSleepSlice` seconds and the wall clock is read
///   again after each, so a suspended laptop or a clock change does not delay a push by hours.
public struct DaemonLoop: Sendable {
    public let runner: any BackupRunning
    public let schedule: any TickSchedule
    public let clock: any WallClock
    public let shutdown: ShutdownSignal
    public let logger: Logger
    public var maximumSleepSlice: Double = 60

    public init(runner: any BackupRunning, schedule: any TickSchedule, clock: any WallClock, shutdown: ShutdownSignal, logger: Logger) {
        self.runner = runner
        self.schedule = schedule
        self.clock = clock
        self.shutdown = shutdown
        self.logger = logger
    }

    /// How the loop ended.
    public struct Outcome: Sendable, Equatable {
        /// Pushes attempted, including the first and the final one.
        public var pushes: Int
        /// Pushes that failed (logged and retried at the next tick).
        public var failedPushes: Int
        /// Whether the final push (on shutdown) succeeded.
        public var finalPushSucceeded: Bool

        public init(pushes: Int, failedPushes: Int, finalPushSucceeded: Bool) {
            self.pushes = pushes
            self.failedPushes = failedPushes
            self.finalPushSucceeded = finalPushSucceeded
        }
    }

    /// Runs until shutdown is requested (or the task is cancelled). Throws only when restore-if-empty
    /// fails: pushing over a half-restored state could replace good snapshots, so the daemon stops
    /// and lets the service manager restart it.
    public func run() async throws -> Outcome {
        if let restored = try await runner.restoreIfEmpty() {
            logger.notice("restored the latest snapshot into empty folders: \(restored)")
        }
        var outcome = Outcome(pushes: 0, failedPushes: 0, finalPushSucceeded: false)
        _ = await push("first", &outcome)
        while !shutdown.isRequested, !Task.isCancelled {
            guard let due = schedule.nextFire(after: clock.now()) else {
                logger.warning("the schedule has no future time; waiting for a stop signal")
                await shutdown.wait()
                break
            }
            logger.debug("next push at \(Self.iso(due))")
            guard await sleep(until: due) else { break }
            _ = await push("scheduled", &outcome)
        }
        if Task.isCancelled {
            logger.warning("daemon cancelled: no final push")
            return outcome
        }
        logger.notice("stopping: one last push")
        outcome.finalPushSucceeded = await push("final", &outcome)
        return outcome
    }

    private func push(_ kind: String, _ outcome: inout Outcome) async -> Bool {
        outcome.pushes += 1
        do {
            let summary = try await runner.push()
            logger.info("\(kind) push: \(summary)")
            return true
        } catch {
            outcome.failedPushes += 1
            logger.error("\(kind) push failed: \(error)\(kind == "final" ? "" : " (trying again at the next scheduled time)")")
            return false
        }
    }

    /// Sleeps until `due` on the wall clock; false when shutdown came first.
    private func sleep(until due: Date) async -> Bool {
        while true {
            if shutdown.isRequested || Task.isCancelled { return false }
            let remaining = due.timeIntervalSince(clock.now())
            if remaining <= 0 { return true }
            let slice = min(remaining, maximumSleepSlice)
            let clock = self.clock
            let shutdown = self.shutdown
            let slept = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    do { try await clock.sleep(seconds: slice) } catch { return false }
                    return true
                }
                group.addTask {
                    await shutdown.wait()
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            if !slept { return false }
        }
    }

    private static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
