import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain

/// `agent-backup agents`: which agents this tool knows and which have state here.
public struct AgentsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "List the built-in adapters and the state folders found on this machine.",
        discussion: "With --json: {\"agents\": [<adapter> + \"rootsFound\": […]]}.\n\n" + CliExitCode.helpText)

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let report = try context.services.agentsReport(environment: context.environment)
        context.console.output((output.json ? String(decoding: VersionedJSON.stamp(report.json), as: UTF8.self) : report.text) + "\n")
    }
}
