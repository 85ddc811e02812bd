import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Logging

/// The real services of the `agent-backup` binary: POSIX files, the system clock, the adapters,
/// the stores and the engine.
///
/// Wired progressively as the parts land: until the engine is merged, operations fail with
/// exit 1 and a message saying so (configuration and usage checks already run for real).
public struct LiveCliServices: CliServices {
    public let fileSystem: any FileSystem
    public let clock: any WallClock
    private let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
        fileSystem = PosixFileSystem()
        clock = SystemClock()
    }

    public func resolveAgent(_ selection: AgentSelection, environment: [String: String]) throws -> ResolvedAgent {
        switch selection {
        case .builtIn(let id):
            return ResolvedAgent(id: id, selection: selection)
        case .adapterFile(let path):
            throw NotWiredError(what: "adapter files (\(path))")
        }
    }

    public func withOperations<T: Sendable>(
        agent: ResolvedAgent, configuration: Configuration, logger: Logger, progress: any ProgressReporter,
        _ body: (any AgentOperations) async throws -> T
    ) async throws -> T {
        throw NotWiredError(what: "the backup engine")
    }

    public func acquireLock(name: String, environment: [String: String]) throws -> any HeldLock {
        throw NotWiredError(what: "the instance lock")
    }

    public func makeSchedule(_ setting: ScheduleSetting) throws -> any TickSchedule {
        throw NotWiredError(what: "cron schedules")
    }

    public func agentsReport(environment: [String: String]) throws -> OperationReport {
        throw NotWiredError(what: "the adapter catalog")
    }
}

/// A part of the program that this build does not have yet.
struct NotWiredError: Error, CustomStringConvertible {
    var what: String
    var description: String { "\(what) is not available in this build yet" }
}
