/// A `key` command: the passphrases of a packed repository. New passphrases come from the
/// environment or a no-echo prompt, never from the command line.
public enum KeyRequest: Sendable, Equatable {
    case list
    /// Add a passphrase (a new key object).
    case add(newPassphrase: String)
    /// Remove the key with this id (or a unique beginning of it).
    case remove(id: String)
    /// Replace the configured passphrase: add the new one, check it, delete the old one's keys.
    case change(newPassphrase: String)
}
