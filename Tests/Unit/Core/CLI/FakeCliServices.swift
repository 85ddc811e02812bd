import AgentBackup
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Logging

/// `CliServices` over real files (a temp HOME) with fake operations, lock and clock; records every
/// call so a test can prove that nothing ran.
final class FakeCliServices: CliServices, @unchecked Sendable {
    enum Call: Equatable {
        case resolveAgent(AgentSelection)
        case withOperations(agentID: String, store: StoreSelection)
        case acquireLock(String)
        case releaseLock(String)
        case makeSchedule(String)
        case agentsReport
    }

    let fileSystem: any FileSystem = PosixFileSystem()
    let fakeClock = FakeClock()
    var clock: any WallClock { fakeClock }
    let operations = FakeAgentOperations()
    /// A pid here makes `acquireLock` fail as if another process held the lock.
    var lockHolderPid: Int32?
    /// The schedule `makeSchedule` returns.
    var schedule: any TickSchedule = IntervalSchedule(seconds: 2)

    private let lock = NSLock()
    private var recorded: [Call] = []

    var calls: [Call] { lock.withLock { recorded } }

    private func record(_ call: Call) {
        lock.withLock { recorded.append(call) }
    }

    func resolveAgent(_ selection: AgentSelection, environment: [String: String]) throws -> ResolvedAgent {
        record(.resolveAgent(selection))
        switch selection {
        case .builtIn(let id):
            guard id != "unknown" else { throw ConfigurationError(.invalidValue, key: "--agent", message: "no built-in adapter \"unknown\"") }
            return ResolvedAgent(selection: selection, adapter: Adapter(id: id, roots: [], include: []))
        case .adapterFile(let path):
            let id = (path as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "")
            return ResolvedAgent(selection: selection, adapter: Adapter(id: id, roots: [], include: []))
        case .adapter(let adapter):
            return ResolvedAgent(selection: selection, adapter: adapter)
        }
    }

    func withOperations<T: Sendable>(
        agent: ResolvedAgent, configuration: Configuration, logger: Logger, progress: any ProgressReporter,
        _ body: (any AgentOperations) async throws -> T
    ) async throws -> T {
        record(.withOperations(agentID: agent.id, store: configuration.store))
        return try await body(operations)
    }

    func acquireLock(name: String, environment: [String: String]) throws -> any HeldLock {
        record(.acquireLock(name))
        if let lockHolderPid {
            throw LockError(name: name, holderPid: lockHolderPid, message: "held by \(lockHolderPid)")
        }
        return FakeHeldLock(name: name) { [weak self] in self?.record(.releaseLock(name)) }
    }

    func makeSchedule(_ setting: ScheduleSetting) throws -> any TickSchedule {
        record(.makeSchedule(setting.expression))
        return schedule
    }

    func agentsReport(environment: [String: String]) throws -> OperationReport {
        record(.agentsReport)
        return OperationReport(text: "goose  (no state here)", json: Array("{\"agents\":[]}".utf8))
    }
}

struct FakeHeldLock: HeldLock {
    let name: String
    let onRelease: @Sendable () -> Void
    func release() { onRelease() }
}
