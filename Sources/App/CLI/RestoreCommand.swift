import AgentBackupDomain
import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts

/// `agent-backup restore`: put a snapshot back.
public struct RestoreCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore the latest (or a named) snapshot into the agent's folders or a target folder.",
        discussion: """
            Before overwriting local files, the current state is pushed as a safety snapshot \
            (skip with --no-safety). Every file is verified against the manifest's SHA-256 before it \
            replaces anything; a mismatch fails the run with exit code 3.

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    @Option(name: .long, help: ArgumentHelp("The snapshot to restore (see `snapshots`); default the latest.", valueName: "id"))
    public var snapshot: String?

    @Option(name: .long, help: ArgumentHelp("Restore into <dir>/<label>/… instead of the agent's own folders.", valueName: "dir"))
    public var target: String?

    @Flag(name: .long, help: "Do not push a safety snapshot of the current state first.")
    public var noSafety = false

    @Flag(name: .long, help: "Also remove local files the snapshot does not have (within the adapter's included paths).")
    public var delete = false

    @Flag(name: .long, help: "Show what would change; write nothing.")
    public var dryRun = false

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let snapshot { try SnapshotArgument.validate(snapshot) }
        if let target, target.isEmpty { throw ValidationError("--target needs a folder") }
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        let request = RestoreRequest(
            snapshot: snapshot, targetDirectory: target.map(context.absolutePath), skipSafety: noSafety,
            mirrorDelete: delete, dryRun: dryRun)
        try await invocation.perform(locked: !dryRun, json: output.json) { try await $0.restore(request) }
    }
}

/// Checks a `--snapshot` value before anything runs.
enum SnapshotArgument {
    static func validate(_ text: String) throws {
        do {
            _ = try SnapshotID(parsing: text)
        } catch {
            throw ValidationError("--snapshot \"\(text)\" is not a snapshot id: use one listed by `agent-backup snapshots`, e.g. 2026-02-09T10-04-05-123Z")
        }
    }
}
