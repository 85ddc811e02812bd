import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain

/// `agent-backup daemon`: what the installed service runs.
public struct DaemonCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Restore if the agent's folders are empty, back up now, then on the configured schedule.",
        discussion: """
            Holds the single-instance lock while it runs. A failed scheduled push is logged and \
            tried again at the next scheduled time. SIGTERM or SIGINT: the running push finishes, \
            one last push runs, the lock is released, exit 0.

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    public init() {}

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        try await DaemonRun.run(invocation)
    }
}

/// The daemon, shared by `agent-backup daemon` and the per-agent command with no flag.
enum DaemonRun {
    static func run(_ invocation: AgentInvocation) async throws {
        let context = invocation.context
        let logger = invocation.logger
        let schedule = try context.services.makeSchedule(invocation.configuration.schedule)
        let outcome = try await invocation.withLock {
            try await invocation.withOperations { operations in
                logger.notice("daemon started for \(invocation.agent.id): \(invocation.configuration.store.summary), prefix \(invocation.configuration.prefix), schedule \(invocation.configuration.schedule)")
                let loop = DaemonLoop(
                    runner: OperationsBackupRunner(operations: operations), schedule: schedule,
                    clock: context.services.clock, shutdown: context.daemonShutdown ?? ShutdownSignal(), logger: logger)
                return try await DaemonHost(loop: loop, handlesSignals: context.handlesSignals, logger: logger).run()
            }
        }
        logger.notice("daemon stopped after \(outcome.pushes) pushes (\(outcome.failedPushes) failed)")
        if !outcome.finalPushSucceeded { throw CommandExit(.failed) }
    }
}
