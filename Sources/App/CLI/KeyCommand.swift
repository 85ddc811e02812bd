import ArgumentParser
import AgentBackupRunner

/// `agent-backup key list | add | remove | change`: the passphrases of a packed-layout backup.
public struct KeyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "List, add, remove or change the passphrases that open a packed-layout backup.",
        discussion: """
            A packed backup keeps its master key once per passphrase, each in one small key \
            object (keys/<id>): adding, removing or changing a passphrase writes or deletes one \
            of them and never rewrites the data. The current passphrase is the configured one \
            (encryptionKey / B2_ENCRYPTION_KEY); a new one comes from --new-passphrase-from-env \
            VAR, or is asked twice on the terminal. A reference-layout backup has no key \
            objects: its passphrase is changed with `migrate --to reference --to-prefix NEW \
            --new-passphrase-from-env VAR`.

            """ + "\n" + CliExitCode.helpText,
        subcommands: [KeyListCommand.self, KeyAddCommand.self, KeyRemoveCommand.self, KeyChangeCommand.self])

    public init() {}
}

/// `key list`: every key, which the configured passphrase opens, and the one in use.
public struct KeyListCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the keys: id, created, host, and which one the configured passphrase opens (*).",
        discussion: "Keys sealed under another passphrase show their id only (their record is sealed with them).")

    @OptionGroup public var agent: AgentOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() async throws {
        try await KeyCommand.perform(agent: agent, json: output.json, locked: false) { _ in .list }
    }
}

/// `key add`: another passphrase (a laptop's and a recovery one).
public struct KeyAddCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a passphrase: a new key holding the same master key, read back and checked.")

    @OptionGroup public var agent: AgentOptions
    @OptionGroup public var newPassphrase: NewPassphraseOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() async throws {
        try await KeyCommand.perform(agent: agent, json: output.json, locked: true) { .add(newPassphrase: try newPassphrase.passphrase(in: $0)) }
    }
}

/// `key remove ID`: never the last key, nor the one the configured passphrase opened.
public struct KeyRemoveCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a key (its id from `key list`, or a unique beginning of it).",
        discussion: "The last key and the key in use are refused: use `key change` to replace the configured passphrase.")

    @OptionGroup public var agent: AgentOptions

    @Argument(help: ArgumentHelp("The key's id or a unique beginning of it.", valueName: "id"))
    public var id: String

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() async throws {
        try await KeyCommand.perform(agent: agent, json: output.json, locked: true) { _ in .remove(id: id) }
    }
}

/// `key change`: the configured passphrase replaced by a new one, the new key written and
/// checked before the old one is deleted.
public struct KeyChangeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "Replace the configured passphrase: add the new key, read it back, then delete the old one.",
        discussion: "Stopped between the two steps, both passphrases open the backup; run it again or `key remove` the old key.")

    @OptionGroup public var agent: AgentOptions
    @OptionGroup public var newPassphrase: NewPassphraseOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() async throws {
        try await KeyCommand.perform(agent: agent, json: output.json, locked: true) { .change(newPassphrase: try newPassphrase.passphrase(in: $0)) }
    }
}

extension KeyCommand {
    /// Runs one key request for the agent's configured prefix and prints its report. The request
    /// is made once the agent and its configuration loaded (no passphrase asked for in vain).
    static func perform(agent: AgentOptions, json: Bool, locked: Bool, _ request: (CliContext) throws -> KeyRequest) async throws {
        let context = try CliContext.requireCurrent()
        let invocation = try AgentInvocation.prepare(agent.selection(in: context), verbose: agent.verbose)
        let request = try request(context)
        try await invocation.perform(locked: locked, json: json) { try await $0.keys(request) }
    }
}
