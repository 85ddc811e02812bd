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
        discussion: """
            A push that finds no changes uploads nothing and exits 0.

            --debounce (for agent hooks): do nothing and exit 0 when a push of the same agent, \
            bucket and prefix finished less than that long ago, or is running right now. \
            `agent-backup install --hook claude-code` writes such a hook.

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions
    @OptionGroup public var output: OutputOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Do nothing when a push finished less than this long ago (90s, 5m, 1h).", valueName: "duration"),
        transform: { text in try DebounceWindow(parsing: text) })
    public var debounce: DebounceWindow?

    public init() {}

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        try await invocation.push(json: output.json, debounce: debounce)
    }
}
