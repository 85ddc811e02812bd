import ArgumentParser
import AgentBackupConfig

/// `--new-passphrase-from-env VAR` of `key add` and `key change`: the new passphrase from the
/// environment (never the command line, where other users could see it), else asked twice on
/// the terminal with echo off.
public struct NewPassphraseOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("Read the new passphrase from this environment variable (default: ask on the terminal).", valueName: "VAR"))
    public var newPassphraseFromEnv: String?

    public init() {}

    public func validate() throws {
        try Self.checkName(newPassphraseFromEnv)
    }

    /// `--new-passphrase-from-env` takes a variable's name.
    static func checkName(_ name: String?) throws {
        if let name, name.isEmpty || name.contains("=") {
            throw ValidationError("--new-passphrase-from-env takes the NAME of an environment variable, e.g. NEW_PASSPHRASE")
        }
    }

    /// The value of the variable `name`; unset or empty is a configuration error saying what to export.
    static func fromEnvironment(_ name: String, environment: [String: String]) throws -> String {
        guard let value = environment[name], !value.isEmpty else {
            throw ConfigurationError(.missingEncryptionKey, key: name, message:
                "--new-passphrase-from-env \(name): the environment variable \(name) is not set or empty; export it with the new passphrase")
        }
        return value
    }

    /// The new passphrase: from the variable, or typed twice on the terminal.
    func passphrase(in context: CliContext) throws -> String {
        if let name = newPassphraseFromEnv { return try Self.fromEnvironment(name, environment: context.environment) }
        guard PassphrasePrompt.isAvailable else {
            throw ConfigurationError(.missingEncryptionKey, key: "--new-passphrase-from-env", message:
                "no new passphrase: give --new-passphrase-from-env VAR (stdin is not a terminal to ask on)")
        }
        let first = PassphrasePrompt.read("New passphrase: ", console: context.console) ?? ""
        guard !first.isEmpty else {
            throw ConfigurationError(.missingEncryptionKey, key: "passphrase", message: "the new passphrase is empty: nothing was changed")
        }
        guard PassphrasePrompt.read("Repeat it: ", console: context.console) == first else {
            throw ConfigurationError(.invalidValue, key: "passphrase", message: "the two passphrases typed differ: nothing was changed")
        }
        return first
    }
}
