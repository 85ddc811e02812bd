import AgentBackupPorts
import Logging
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupDomain

/// The steps every agent command shares: find the adapter, load and check the configuration,
/// log its warnings, take the lock, build the operations, print the report.
struct AgentInvocation {
    let context: CliContext
    let logger: Logger
    let agent: ResolvedAgent
    let configuration: Configuration

    /// Resolves the agent and loads its configuration (errors: exit 2, nothing run).
    static func prepare(_ selection: AgentSelection, verbose: Bool) throws -> AgentInvocation {
        let context = try CliContext.requireCurrent()
        let logger = context.makeLogger(verbose: verbose)
        let agent = try context.services.resolveAgent(selection, environment: context.environment)
        let configuration = try Configuration.load(id: agent.id, environment: context.environment, fileSystem: context.services.fileSystem)
        for warning in configuration.warnings {
            logger.warning("\(warning.message)")
        }
        logger.debug("\(agent.id): \(configuration.store.summary), prefix \(configuration.prefix), encryption \(configuration.encryption.isOn ? "on" : "off")")
        return AgentInvocation(context: context, logger: logger, agent: agent, configuration: configuration)
    }

    /// The lock name for this agent, bucket and prefix.
    var lockName: String { lockName(prefix: configuration.prefix) }

    /// The lock name for this agent and bucket and another prefix (a migrate's destination).
    func lockName(prefix: String) -> String {
        InstanceLockName.make(agentID: agent.id, bucket: configuration.store.bucket, prefix: prefix)
    }

    /// Runs `body` holding the single-instance lock `lockName` (default this prefix's); another
    /// holder → exit 1 "already running (pid N)".
    func withLock<T>(_ lockName: String? = nil, _ body: () async throws -> T) async throws -> T {
        let lockName = lockName ?? self.lockName
        let held: any HeldLock
        do {
            held = try context.services.acquireLock(name: lockName, environment: context.environment)
        } catch let error as LockError {
            throw AlreadyRunningError(lockName: lockName, holderPid: error.holderPid, agentID: agent.id)
        }
        defer { held.release() }
        return try await body()
    }

    /// Builds the operations (with a progress reporter on stderr) and runs `body`.
    func withOperations<T: Sendable>(_ body: (any AgentOperations) async throws -> T) async throws -> T {
        let progress = ConsoleProgressReporter(console: context.console, logger: logger)
        defer { progress.finish() }
        return try await context.services.withOperations(agent: agent, configuration: configuration, logger: logger, progress: progress) { operations in
            try await body(operations)
        }
    }

    /// Runs one operation (under the lock when it writes) and prints its report.
    func perform(locked: Bool, json: Bool, _ operation: (any AgentOperations) async throws -> OperationReport) async throws {
        let report: OperationReport
        if locked {
            report = try await withLock { try await withOperations(operation) }
        } else {
            report = try await withOperations(operation)
        }
        emit(report, json: json)
        if report.exitCode != .success { throw CommandExit(report.exitCode) }
    }

    /// Prints a report on stdout: the JSON document or the text.
    func emit(_ report: OperationReport, json: Bool) {
        context.console.output((json ? String(decoding: VersionedJSON.stamp(report.json), as: UTF8.self) : report.text) + "\n")
    }
}

extension CliContext {
    /// The context `runCli` installed; a command parsed outside `runCli` has none.
    static func requireCurrent() throws -> CliContext {
        guard let current else { throw CommandExit(.failed) }
        return current
    }
}
