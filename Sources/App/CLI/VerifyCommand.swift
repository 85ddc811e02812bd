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
        discussion: "Nothing is written to the agent's folders. A mismatch exits with code 3. With --all, every snapshot "
            + "(regular and safety) is checked and each is named verified, FAILED or UNREADABLE; one whose manifest does not "
            + "open (another passphrase, damaged) makes the exit code 1, a mismatch 3.\n\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    @Option(name: .long, help: ArgumentHelp("The snapshot to verify; default the latest.", valueName: "id"))
    public var snapshot: String?

    @Flag(name: .long, help: "Verify every snapshot, regular and safety; one that fails or does not open is named and the others are still checked.")
    public var all = false

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let snapshot { try SnapshotArgument.validate(snapshot) }
        if all && snapshot != nil { throw ValidationError("give either --snapshot or --all, not both") }
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        try await invocation.perform(locked: false, json: output.json) { operations in
            all ? try await operations.verifyAll() : try await operations.verify(snapshot: snapshot)
        }
    }
}
