import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupConfig
import AgentBackupPorts
import AgentBackupDomain

/// `agent-backup migrate`: copy the whole history into another layout, prefix or passphrase.
public struct MigrateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy every snapshot (ids and times kept) to another prefix, layout or passphrase, then verify it.",
        discussion: """
            The configured prefix is only read. Every snapshot, regular and safety, oldest first, \
            is written under --to-prefix in the same bucket (files first, manifest last; unchanged \
            files are carried from the previous snapshot), and every file is read back and \
            hash-checked. Stopped at any point, run it again: snapshots already there with the \
            same files are checked, not written again. A --to-prefix holding any other snapshot \
            is refused. The destination is encrypted like the source, or with the passphrase in \
            the variable --new-passphrase-from-env names, or not at all with --no-encryption. \
            Point the config's prefix (and passphrase) at the new prefix afterwards; the old one \
            stays until you delete it.

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentOptions

    @Option(name: .long, help: ArgumentHelp("The destination's layout: reference (what the reference engine reads) or packed.", valueName: "layout"))
    public var to: String

    @Option(name: .long, help: ArgumentHelp("The destination's prefix in the same bucket (empty, or left by an earlier migrate).", valueName: "prefix"))
    public var toPrefix: String

    @Option(name: .long, help: ArgumentHelp("Encrypt the destination with the passphrase in this environment variable.", valueName: "VAR"))
    public var newPassphraseFromEnv: String?

    @Flag(name: .long, help: "Write the destination unencrypted (browsable, as encrypt: false writes).")
    public var noEncryption = false

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        guard RepositoryLayout(rawValue: to) != nil else {
            throw ValidationError("--to \"\(to)\": use reference or packed")
        }
        guard !toPrefix.isEmpty, !toPrefix.hasPrefix("/"), !toPrefix.hasSuffix("/"), !toPrefix.contains("//") else {
            let cleaned = toPrefix.split(separator: "/").joined(separator: "/")
            throw ValidationError("--to-prefix \"\(toPrefix)\" must not be empty, start or end with '/' or contain '//'"
                + (cleaned.isEmpty ? "" : ": use \"\(cleaned)\""))
        }
        if noEncryption && newPassphraseFromEnv != nil {
            throw ValidationError("--no-encryption and --new-passphrase-from-env contradict each other: give one")
        }
        try NewPassphraseOptions.checkName(newPassphraseFromEnv)
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        let request = try request(source: invocation.configuration.prefix, environment: context.environment)
        // The source's lock (no push or prune changes the history meanwhile) and the destination's
        // (no second migrate writes there at once).
        if request.encryption == .off && invocation.configuration.encryption.isOn {
            invocation.logger.warning("--no-encryption: the copy under \(request.prefix) is written UNENCRYPTED (readable by anyone who can read the bucket)")
        }
        let destinationLock = invocation.lockName(prefix: request.prefix)
        try await invocation.perform(locked: true, json: output.json) { operations in
            try await invocation.withLock(destinationLock) { try await operations.migrate(request) }
        }
    }

    /// The request, with the new passphrase read from the environment (never from the command
    /// line, where other users could see it).
    func request(source: String, environment: [String: String]) throws -> MigrateRequest {
        if Self.overlaps(source, toPrefix) {
            throw ConfigurationError(.invalidValue, key: "--to-prefix", message: toPrefix == source
                ? "--to-prefix \"\(toPrefix)\" is the prefix being migrated: choose a new one, e.g. \"\(source)-2\""
                : "--to-prefix \"\(toPrefix)\" and the prefix being migrated \"\(source)\" contain one another: choose one beside it, e.g. \"\(source)-2\"")
        }
        var encryption: EncryptionSetting?
        if noEncryption { encryption = .off }
        if let name = newPassphraseFromEnv {
            encryption = .on(Passphrase(try NewPassphraseOptions.fromEnvironment(name, environment: environment), source: .encryptionKey))
        }
        return MigrateRequest(layout: RepositoryLayout(rawValue: to) ?? .reference, prefix: toPrefix, encryption: encryption)
    }

    /// True when one prefix is the other or a folder inside it.
    static func overlaps(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + "/") || b.hasPrefix(a + "/")
    }
}
