import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain

/// `agent-backup push`: one backup now.
public struct PushCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Back up the agent's state now (only what changed is uploaded).",
        discussion: "A push that finds no changes uploads nothing and exits 0.\n\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        try await invocation.perform(locked: true, json: output.json) { try await $0.push() }
    }
}
