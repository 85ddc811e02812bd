/// One key object of a repository: the master key sealed under one passphrase (the packed layout,
/// FORMAT.md section 3). Several may exist, one per passphrase.
public struct RepositoryKeyInfo: Sendable, Equatable, Codable {
    /// The key object's id (64 hex digits), as `key remove` takes it.
    public var id: String
    /// When the key was written (ISO-8601 UTC); nil for a key this run's passphrase does not open
    /// (its record is sealed under its own passphrase).
    public var created: String?
    /// The machine that wrote it; nil as `created`.
    public var host: String?
    /// This run's passphrase opens it.
    public var opensWithThisPassphrase: Bool
    /// The key this run opened the repository with.
    public var inUse: Bool

    public init(id: String, created: String?, host: String?, opensWithThisPassphrase: Bool, inUse: Bool) {
        self.id = id
        self.created = created
        self.host = host
        self.opensWithThisPassphrase = opensWithThisPassphrase
        self.inUse = inUse
    }
}

/// The passphrases of a repository, opened with this run's passphrase: each is one small key
/// object, so adding or removing one never rewrites anything else. The rules (never remove the
/// last key or the one in use, write the new key before deleting the old) are the use case's.
public protocol RepositoryKeyring: Sendable {
    /// The repository, for messages (`goose-backup in bucket b`).
    var displayName: String { get }
    /// Every key, sorted by id (one key derivation per key, to tell which this passphrase opens).
    func keys() async throws -> [RepositoryKeyInfo]
    /// Writes a new key object: the master key sealed under `passphrase`.
    func addKey(passphrase: String) async throws -> RepositoryKeyInfo
    /// Reads key `id` back from the store and opens the repository with it and `passphrase`;
    /// throws (a configuration error) when that does not give this repository's master key.
    func checkKey(id: String, passphrase: String) async throws
    /// Deletes key object `id`.
    func removeKey(id: String) async throws
}

/// Opens the keyring of the configured prefix with the configured passphrase. A layout without
/// key objects, or a prefix with no backup, is a configuration error saying what to do instead.
public protocol RepositoryKeyringOpener: Sendable {
    func openKeyring() async throws -> any RepositoryKeyring
}
