import AgentBackupDomain
import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts

/// `agent-backup prune`: retention now, and removal of safety snapshots on request.
public struct PruneCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete old snapshots now by the retention rules (default: keep / keepSnapshots of the config).",
        discussion: """
            Rules given here replace the configured ones; the union of all rules is kept, and the \
            newest snapshot always. Calendar rules keep the newest snapshot of each of the last N \
            hours/days/weeks/months/years that have one, on this machine's clock. --dry-run shows \
            each snapshot, kept (and why) or removed, and deletes nothing. \
            Incomplete snapshot folders older than the newest complete snapshot are removed too. \
            Safety snapshots are never removed unless named with --remove-safety (an id from \
            `snapshots --safety`, or `all`).

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    @Option(name: .long, help: ArgumentHelp("Keep the newest N snapshots (same as --keep-last).", valueName: "n"))
    public var keep: Int?

    @Option(name: .long, help: ArgumentHelp("Keep the newest N snapshots.", valueName: "n"))
    public var keepLast: Int?

    @Option(name: .long, help: ArgumentHelp("Keep the newest snapshot of each of the last N hours.", valueName: "n"))
    public var keepHourly: Int?

    @Option(name: .long, help: ArgumentHelp("Keep the newest snapshot of each of the last N days.", valueName: "n"))
    public var keepDaily: Int?

    @Option(name: .long, help: ArgumentHelp("Keep the newest snapshot of each of the last N weeks (Monday to Sunday).", valueName: "n"))
    public var keepWeekly: Int?

    @Option(name: .long, help: ArgumentHelp("Keep the newest snapshot of each of the last N months.", valueName: "n"))
    public var keepMonthly: Int?

    @Option(name: .long, help: ArgumentHelp("Keep the newest snapshot of each of the last N years.", valueName: "n"))
    public var keepYearly: Int?

    @Option(name: .long, help: ArgumentHelp("Keep every snapshot within this duration of the newest (e.g. 48h, 7d, 1y6m).", valueName: "duration"))
    public var keepWithin: String?

    @Flag(name: .long, help: "Show what would be kept (and why) and removed; delete nothing.")
    public var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Also delete this safety snapshot (repeatable), or `all` of them.", valueName: "id|all"))
    public var removeSafety: [String] = []

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let keep, keep < 1 {
            throw ValidationError("--keep \(keep) would delete every snapshot: keep 1 or more")
        }
        if keep != nil && keepLast != nil {
            throw ValidationError("--keep and --keep-last say the same thing: give one")
        }
        let counts: [(String, Int?)] = [("--keep-last", keepLast), ("--keep-hourly", keepHourly), ("--keep-daily", keepDaily),
                                        ("--keep-weekly", keepWeekly), ("--keep-monthly", keepMonthly), ("--keep-yearly", keepYearly)]
        for (flag, value) in counts {
            if let value, value < 0 { throw ValidationError("\(flag) \(value): use a whole number of 0 or more") }
        }
        if let policy = try policy(), policy.isEmpty {
            throw ValidationError("these rules are all 0 and would delete every snapshot but the newest: keep at least one, e.g. --keep-last 10")
        }
        for id in removeSafety where id != "all" && !SafetyPrefix.isSafety(id) {
            throw ValidationError("--remove-safety \"\(id)\" is not a safety snapshot: use an id as `snapshots --safety` prints it (safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z), its folder (safety-2026-02-09T10-04-05Z), or all")
        }
        if removeSafety.contains("all") && removeSafety.count > 1 {
            throw ValidationError("--remove-safety all already removes every safety snapshot; drop the other ids")
        }
    }

    var request: PruneRequest {
        let removal: SafetyRemoval
        if removeSafety.isEmpty { removal = .none } else if removeSafety == ["all"] { removal = .all } else { removal = .named(removeSafety) }
        return PruneRequest(policy: try? policy(), removeSafety: removal, dryRun: dryRun)
    }

    /// The rules given on the command line, or nil when none was (the configured ones apply).
    func policy() throws -> RetentionPolicy? {
        let within: RetentionDuration?
        do {
            within = try keepWithin.map { try RetentionDuration(parsing: $0) }
        } catch let error as DomainError {
            throw ValidationError("--keep-within: \(error.message)")
        }
        let policy = RetentionPolicy(last: keepLast ?? keep, hourly: keepHourly, daily: keepDaily, weekly: keepWeekly,
                                     monthly: keepMonthly, yearly: keepYearly, within: within)
        return policy == RetentionPolicy() ? nil : policy
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        let request = self.request
        try await invocation.perform(locked: true, json: output.json) { try await $0.prune(request) }
    }
}
