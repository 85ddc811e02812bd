import AgentBackup
import AgentBackupTestSupport
import Foundation
import Logging
import Testing

@Suite("Daemon loop with a fake clock and a scripted runner")
struct DaemonLoopTests {
    let clock = FakeClock()
    let shutdown = ShutdownSignal()
    let runner: ScriptedBackupRunner
    let logs = CapturedConsole()

    init() {
        runner = ScriptedBackupRunner(clock: clock)
        runner.shutdown = shutdown
    }

    func loop(every seconds: Double = 2) -> DaemonLoop {
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: logs.console, level: .debug)
        return DaemonLoop(runner: runner, schedule: IntervalSchedule(seconds: seconds), clock: clock, shutdown: shutdown, logger: logger)
    }

    /// Offsets of the push start times from the start, in seconds.
    func starts() -> [Double] {
        runner.pushes.map { ($0.started.timeIntervalSince(FakeClock.specExampleDate) * 1000).rounded() / 1000 }
    }

    @Test func restoresIfEmptyThenPushesNowThenOnEveryTickThenOnceMoreAtShutdown() async throws {
        runner.shutdownDuringPush = 3
        let outcome = try await loop().run()
        #expect(runner.restoreIfEmptyCalls == 1)
        #expect(starts() == [0, 2, 4, 4])  // first, two ticks (the second asks to stop), final
        #expect(outcome == DaemonLoop.Outcome(pushes: 4, failedPushes: 0, finalPushSucceeded: true))
        #expect(logs.standardError.contains("agent-backup: notice: stopping: one last push"))
    }

    @Test func ticksDuringAPushAreCoalesced() async throws {
        runner.pushDuration = 5  // ticks at +2 and +4 fall inside the first push
        runner.shutdownDuringPush = 3
        _ = try await loop(every: 2).run()
        // first push 0–5; next tick is 2 s after it ended (7), then 12; then the final push at 17.
        #expect(starts() == [0, 7, 14, 19])
        let pushes = runner.pushes
        for (previous, next) in zip(pushes, pushes.dropFirst()) {
            #expect(next.started >= previous.ended, "pushes never overlap")
        }
    }

    @Test func aFailedPushIsLoggedAndRetriedAtTheNextTick() async throws {
        runner.failingPushes = [2]
        runner.shutdownDuringPush = 4
        let outcome = try await loop().run()
        #expect(runner.pushes.map(\.failed) == [false, true, false, false, false])
        #expect(starts() == [0, 2, 4, 6, 6])
        #expect(outcome.failedPushes == 1)
        #expect(outcome.finalPushSucceeded)
        #expect(logs.standardError.contains("agent-backup: error: scheduled push failed: store unreachable (trying again at the next scheduled time)"))
    }

    @Test func theFirstPushFailingDoesNotStopTheDaemon() async throws {
        runner.failingPushes = [1]
        runner.shutdownDuringPush = 2
        let outcome = try await loop().run()
        #expect(outcome.pushes == 3)
        #expect(outcome.failedPushes == 1)
        #expect(outcome.finalPushSucceeded)
    }

    @Test func aFailedFinalPushIsReported() async throws {
        runner.failingPushes = [3]
        runner.shutdownDuringPush = 2
        let outcome = try await loop().run()
        #expect(outcome == DaemonLoop.Outcome(pushes: 3, failedPushes: 1, finalPushSucceeded: false))
        #expect(logs.standardError.contains("agent-backup: error: final push failed: store unreachable\n"))
    }

    @Test func shutdownDuringTheFirstPushLetsItFinishThenPushesOnce() async throws {
        runner.pushDuration = 3
        runner.shutdownDuringPush = 1
        let outcome = try await loop().run()
        #expect(starts() == [0, 3])
        #expect(outcome.pushes == 2)
    }

    @Test func shutdownWhileSleepingWakesTheLoopAtOnce() async throws {
        // A schedule far away and a clock that does not move: only the shutdown can end the sleep.
        let stillClock = FakeClock(sleepAdvancesTime: false)
        let runner = ScriptedBackupRunner(clock: stillClock)
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: logs.console, level: .info)
        let loop = DaemonLoop(runner: runner, schedule: IntervalSchedule(seconds: 86_400), clock: stillClock, shutdown: shutdown, logger: logger)
        let task = Task { try await loop.run() }
        while runner.pushes.count < 1 || stillClock.sleeps.isEmpty { await Task.yield() }
        shutdown.request()
        let outcome = try await task.value
        #expect(outcome.pushes == 2)
        #expect(runner.pushes.count == 2)
    }

    @Test func longWaitsAreSlicedSoTheClockIsReadAgain() async throws {
        runner.shutdownDuringPush = 2
        _ = try await loop(every: 150).run()
        #expect(clock.sleeps == [60, 60, 30])
        #expect(starts() == [0, 150, 150])
    }

    @Test func aFailedRestoreStopsTheDaemonBeforeAnyPush() async throws {
        runner.restoreResult = .failure(ScriptedBackupRunner.Failure())
        await #expect(throws: ScriptedBackupRunner.Failure.self) { try await loop().run() }
        #expect(runner.pushes.isEmpty)
    }

    @Test func aRestoreIsLogged() async throws {
        runner.restoreResult = .success("restored 2026-02-09T10-04-05-123Z (12 files)")
        runner.shutdownDuringPush = 1
        _ = try await loop().run()
        #expect(logs.standardError.contains("agent-backup: notice: restored the latest snapshot into empty folders: restored 2026-02-09T10-04-05-123Z (12 files)"))
    }

    @Test func aScheduleWithNoFutureWaitsForShutdown() async throws {
        struct Never: TickSchedule { func nextFire(after date: Date) -> Date? { nil } }
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: logs.console, level: .info)
        let loop = DaemonLoop(runner: runner, schedule: Never(), clock: clock, shutdown: shutdown, logger: logger)
        let task = Task { try await loop.run() }
        while runner.pushes.isEmpty { await Task.yield() }
        shutdown.request()
        #expect(try await task.value.pushes == 2)
        #expect(logs.standardError.contains("the schedule has no future time"))
    }
}
