import AgentBackupPorts
import Logging
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupDomain

/// Everything the command line needs from the rest of the program, in one port: the live
/// implementation wires adapters, stores, codecs and the engine; tests pass fakes and see which
/// calls were made (an unknown flag must make none).
public protocol CliServices: Sendable {
    /// The file system used to read config and adapter files and write service units.
    var fileSystem: any FileSystem { get }
    /// The clock of the daemon's schedule.
    var clock: any WallClock { get }

    /// Finds the adapter (built-in id or file). Throws `ConfigurationError` for an unknown id or a bad file.
    func resolveAgent(_ selection: AgentSelection, environment: [String: String]) throws -> ResolvedAgent

    /// Builds the store, codec and engine for `agent` and runs `body` with them; everything built is
    /// shut down afterwards, even when `body` throws.
    func withOperations<T: Sendable>(
        agent: ResolvedAgent, configuration: Configuration, logger: Logger, progress: any ProgressReporter,
        _ body: (any AgentOperations) async throws -> T
    ) async throws -> T

    /// Takes the single-instance lock `name` (see `InstanceLockName`); throws `LockError` when held.
    func acquireLock(name: String, environment: [String: String]) throws -> any HeldLock

    /// Turns the configured schedule into fire times (cron, `@every`).
    func makeSchedule(_ setting: ScheduleSetting) throws -> any TickSchedule

    /// `agents`: the built-in adapters and the roots found on this machine.
    func agentsReport(environment: [String: String]) throws -> OperationReport
}
