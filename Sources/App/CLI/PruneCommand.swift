import AgentBackupDomain
import ArgumentParser

/// `agent-backup prune`: retention now, and removal of safety snapshots on request.
public struct PruneCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete old snapshots now, keeping the newest N (default keepSnapshots).",
        discussion: """
            Incomplete snapshot folders older than the newest complete snapshot are removed too. \
            Safety snapshots are never removed unless named with --remove-safety (an id from \
            `snapshots --safety`, or `all`).

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    @Option(name: .long, help: ArgumentHelp("Regular snapshots to keep (1 or more).", valueName: "n"))
    public var keep: Int?

    @Option(name: .long, help: ArgumentHelp("Also delete this safety snapshot (repeatable), or `all` of them.", valueName: "id|all"))
    public var removeSafety: [String] = []

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let keep, keep < 1 {
            throw ValidationError("--keep \(keep) would delete every snapshot: keep 1 or more")
        }
        for id in removeSafety where id != "all" && !SafetyPrefix.isSafety(id) {
            throw ValidationError("--remove-safety \"\(id)\" is not a safety snapshot: use an id such as safety-2026-02-09T10-04-05Z from `snapshots --safety`, or all")
        }
        if removeSafety.contains("all") && removeSafety.count > 1 {
            throw ValidationError("--remove-safety all already removes every safety snapshot; drop the other ids")
        }
    }

    var request: PruneRequest {
        let removal: SafetyRemoval
        if removeSafety.isEmpty { removal = .none } else if removeSafety == ["all"] { removal = .all } else { removal = .named(removeSafety) }
        return PruneRequest(keep: keep, removeSafety: removal)
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        let request = self.request
        try await invocation.perform(locked: true, json: output.json) { try await $0.prune(request) }
    }
}
