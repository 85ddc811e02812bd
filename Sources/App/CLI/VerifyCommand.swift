import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain

/// `agent-backup verify`: prove a snapshot restores.
public struct VerifyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Download, decrypt and hash-check every file of a snapshot (default the latest).",
        discussion: "Nothing is written to the agent's folders. A mismatch exits with code 3.\n\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    @Option(name: .long, help: ArgumentHelp("The snapshot to verify; default the latest.", valueName: "id"))
    public var snapshot: String?

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let snapshot { try SnapshotArgument.validate(snapshot) }
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        try await invocation.perform(locked: false, json: output.json) { try await $0.verify(snapshot: snapshot) }
    }
}
