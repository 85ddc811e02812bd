import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain

/// `agent-backup snapshots`: what is in the bucket.
public struct SnapshotsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List the agent's snapshots, oldest first.",
        discussion: """
            With --json: {"snapshots": [{"id", "timestamp", "files", "bytes"}…]}, plus "safety": […] \
            with --safety.

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    @Flag(name: .long, help: "Also list safety snapshots (taken before restores).")
    public var safety = false

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        try await invocation.perform(locked: false, json: output.json) { try await $0.snapshots(includeSafety: safety) }
    }
}
