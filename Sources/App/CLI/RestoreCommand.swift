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

            On a new machine (another home, user name or OS), --map-home or --map FROM=TO renames \
            the agent's folders named after project paths and rewrites those paths inside its files, \
            so the agent finds its sessions again; --dry-run shows every rename and rewrite first. \
            Rewritten files are checked by mapping them back to the snapshot's SHA-256.

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

    @Option(name: .customLong("map"), help: ArgumentHelp(
        "Restore onto a machine where the absolute folder FROM of the snapshot's machine is TO: rename the agent's files and folders named after paths under FROM and rewrite those paths inside its files (repeatable).",
        valueName: "FROM=TO"))
    public var map: [String] = []

    @Flag(name: .customLong("map-home"), help: "Map the home folder the snapshot was taken in to this machine's $HOME (same as --map OLD_HOME=$HOME).")
    public var mapHome = false

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let snapshot { try SnapshotArgument.validate(snapshot) }
        if let target, target.isEmpty { throw ValidationError("--target needs a folder") }
        for argument in map {
            do {
                _ = try PathMapping(parsing: argument)
            } catch let error as DomainError {
                throw ValidationError(error.message)
            }
        }
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        let request = RestoreRequest(
            snapshot: snapshot, targetDirectory: target.map(context.absolutePath), skipSafety: noSafety,
            mirrorDelete: delete, dryRun: dryRun, pathMappings: map, mapHome: mapHome)
        try await invocation.perform(locked: !dryRun, json: output.json) { try await $0.restore(request) }
    }
}

/// Checks a `--snapshot` value before anything runs.
enum SnapshotArgument {
    static func validate(_ text: String) throws {
        do {
            _ = try SnapshotRef(parsing: text)
        } catch {
            throw ValidationError("--snapshot \"\(text)\" is not a snapshot id: use one listed by `agent-backup snapshots [--safety]`, "
                + "e.g. 2026-02-09T10-04-05-123Z or, for a safety snapshot, safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z")
        }
    }
}
