import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupRedaction
import AgentBackupRunner
import AgentBackupVersion
import ArgumentParser
import Foundation

/// `agent-backup doctor`: one line per check with ok / warning / problem and the fix.
public struct DoctorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check everything a backup needs, one line per check, each with its fix.",
        discussion: """
            Checks the config file (found, private), the credentials and passphrase, that the \\
            endpoint answers, this machine's clock against the store's, that the bucket can be \\
            listed, written and deleted from (a tiny object under the prefix), that the passphrase \\
            opens the newest snapshot, the agent's folders, the lock and the service. Without \\
            --agent or --adapter: every built-in agent that has a config file, a service or \\
            folders on this machine. Exit 0 when nothing is a problem (warnings allowed), 1 otherwise.

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentChoice

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let dependencies = DoctorDependencies.live(
            environment: context.environment, fileSystem: context.services.fileSystem, clock: context.services.clock,
            workingDirectory: context.currentDirectory)
        let doctor = Doctor(dependencies: dependencies)
        var reports: [DoctorReport] = []
        for candidate in candidates(context: context, dependencies: dependencies) {
            switch candidate {
            case .agent(let id, let adapter):
                reports.append(await doctor.examine(agentID: id, adapter: adapter))
            case .unusable(let name, let problem):
                reports.append(DoctorReport(agent: name, checks: [problem]))
            }
        }
        emit(reports, context: context)
        if reports.contains(where: { $0.problems > 0 }) { throw CommandExit(.failed) }
    }

    private enum Candidate {
        case agent(id: String, adapter: Adapter?)
        case unusable(name: String, problem: DoctorFinding)
    }

    /// The agent named, or every built-in agent with a config file, a service or folders here.
    private func candidates(context: CliContext, dependencies: DoctorDependencies) -> [Candidate] {
        if let selection = agent.selection(in: context) {
            do {
                let resolved = try context.services.resolveAgent(selection, environment: context.environment)
                return [.agent(id: resolved.id, adapter: resolved.adapter)]
            } catch {
                let fix = agent.agent != nil ? "`agent-backup agents` lists the built-in adapters" : "correct the adapter file"
                return [.unusable(name: agent.agent ?? agent.adapter ?? "agent", problem: .problem("agent", "\(error)", fix: fix))]
            }
        }
        let home = context.environment["HOME"] ?? "/"
        let fileSystem = dependencies.fileSystem
        let found = AdapterCatalog.builtIn.filter { adapter in
            let config = (try? fileSystem.status(Configuration.filePath(id: adapter.id, home: home))) ?? nil
            let unit = ServiceUnit.make(agentID: adapter.id, programArguments: [], home: home, platform: dependencies.platform)
            let service = (try? fileSystem.status(unit.path)) ?? nil
            let roots = (try? adapter.resolveRoots(in: dependencies.adapterEnvironment)) ?? []
            return config != nil || service != nil || !roots.isEmpty
        }
        guard !found.isEmpty else {
            return [.unusable(name: "agents", problem: .problem(
                "agent", "no agent has a config file, a service or folders on this machine",
                fix: "`agent-backup agents` lists the agents agent-backup knows; then `agent-backup doctor --agent ID`"))]
        }
        return found.map { .agent(id: $0.id, adapter: $0) }
    }

    private func emit(_ reports: [DoctorReport], context: CliContext) {
        guard output.json else {
            let header = "agent-backup \(AgentBackupVersion.display)"
            context.console.output(([header] + reports.map(\.text)).joined(separator: "\n") + "\n")
            return
        }
        struct Document: Encodable {
            var agents: [DoctorReport]
            var problems: Int
            var warnings: Int
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = Document(agents: reports, problems: reports.map(\.problems).reduce(0, +), warnings: reports.map(\.warnings).reduce(0, +))
        let bytes = (try? encoder.encode(document)).map(Array.init) ?? Array("{}".utf8)
        context.console.output(String(decoding: VersionedJSON.stamp(bytes), as: UTF8.self) + "\n")
    }
}
