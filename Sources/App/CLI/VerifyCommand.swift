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
            + "open (another passphrase, damaged) makes the exit code 1, a mismatch 3.\n\n"
            + "With --repository, the whole repository is checked instead: every snapshot opens and every object it names "
            + "exists (packed layout: indexes, pack sizes and blob references too); only manifests are downloaded. "
            + "--read-data also reads back every stored byte once and checks every file's SHA-256; --read-data-subset 10% "
            + "reads a random tenth (another tenth each run). Damage exits with code 3.\n\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    @Option(name: .long, help: ArgumentHelp("The snapshot to verify; default the latest.", valueName: "id"))
    public var snapshot: String?

    @Flag(name: .long, help: "Verify every snapshot, regular and safety; one that fails or does not open is named and the others are still checked.")
    public var all = false

    @Flag(name: .long, help: "Check the whole repository (every snapshot opens, everything it names exists) instead of one snapshot's files.")
    public var repository = false

    @Flag(name: .long, help: "With the repository check, read back all stored data and check every file's hash.")
    public var readData = false

    @Option(name: .long, help: ArgumentHelp("With the repository check, read back this random share of the stored data.", valueName: "percent%"))
    public var readDataSubset: String?

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let snapshot { try SnapshotArgument.validate(snapshot) }
        if all && snapshot != nil { throw ValidationError("give either --snapshot or --all, not both") }
        if readData && readDataSubset != nil { throw ValidationError("give either --read-data or --read-data-subset, not both") }
        if checksRepository && (all || snapshot != nil) {
            throw ValidationError("--repository (and --read-data, --read-data-subset) check every snapshot: leave out --snapshot and --all")
        }
        if let readDataSubset { _ = try Self.fraction(readDataSubset) }
    }

    /// Whether this run checks the whole repository (the read-data flags imply it).
    var checksRepository: Bool { repository || readData || readDataSubset != nil }

    /// `10%` (or `10`) as 0.1; refuses what is not a share in (0, 100].
    static func fraction(_ text: String) throws -> Double {
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Double(number), value.isFinite, value > 0, value <= 100 else {
            throw ValidationError("--read-data-subset takes a percentage above 0 and at most 100, e.g. 10%; got '\(text)'")
        }
        return value / 100
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        try await invocation.perform(locked: false, json: output.json) { operations in
            if checksRepository {
                let share = try readDataSubset.map(Self.fraction) ?? (readData ? 1 : 0)
                return try await operations.checkRepository(readDataFraction: share)
            }
            return all ? try await operations.verifyAll() : try await operations.verify(snapshot: snapshot)
        }
    }
}
