import AgentBackup
import AgentBackupTestSupport
import Foundation
import Testing

@Suite("Daemon under swift-service-lifecycle")
struct DaemonHostTests {
    @Test func gracefulShutdownFinishesWithAFinalPush() async throws {
        let clock = FakeClock(sleepAdvancesTime: false)
        let runner = ScriptedBackupRunner(clock: clock)
        let logs = CapturedConsole()
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: logs.console, level: .info)
        let loop = DaemonLoop(runner: runner, schedule: IntervalSchedule(seconds: 3600), clock: clock, shutdown: ShutdownSignal(), logger: logger)
        let host = DaemonHost(loop: loop, handlesSignals: false, logger: logger)
        let task = Task { try await host.run() }
        while runner.pushes.isEmpty || clock.sleeps.isEmpty { await Task.yield() }
        await host.triggerGracefulShutdown()  // what SIGTERM does
        let outcome = try await task.value
        #expect(outcome == DaemonLoop.Outcome(pushes: 2, failedPushes: 0, finalPushSucceeded: true))
        #expect(loop.shutdown.isRequested)
    }

    @Test func aFailedRestoreComesOutOfTheHost() async throws {
        let clock = FakeClock()
        let runner = ScriptedBackupRunner(clock: clock)
        runner.restoreResult = .failure(ScriptedBackupRunner.Failure())
        let logs = CapturedConsole()
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: logs.console, level: .info)
        let loop = DaemonLoop(runner: runner, schedule: IntervalSchedule(seconds: 2), clock: clock, shutdown: ShutdownSignal(), logger: logger)
        await #expect(throws: ScriptedBackupRunner.Failure.self) {
            try await DaemonHost(loop: loop, handlesSignals: false, logger: logger).run()
        }
        #expect(runner.pushes.isEmpty)
    }
}
