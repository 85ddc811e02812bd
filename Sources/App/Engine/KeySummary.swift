import AgentBackupPorts

/// What `key list` found; its `--json` document.
public struct KeyListing: Sendable, Codable, Equatable {
    /// The repository (`goose-backup in bucket b`).
    public var repository: String
    /// Every key object, sorted by id.
    public var keys: [RepositoryKeyInfo]

    public init(repository: String, keys: [RepositoryKeyInfo]) {
        self.repository = repository
        self.keys = keys
    }
}

/// What `key add`, `key remove` or `key change` did; their `--json` document.
public struct KeyChangeSummary: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable { case add, remove, change }

    public var action: Action
    /// The repository (`goose-backup in bucket b`).
    public var repository: String
    /// The key written (add, change), read back and opened with its passphrase.
    public var added: RepositoryKeyInfo?
    /// The ids of the keys deleted (remove; change: every key the old passphrase opened).
    public var removed: [String]
    /// Key objects left in the repository.
    public var keys: Int

    public init(action: Action, repository: String, added: RepositoryKeyInfo?, removed: [String], keys: Int) {
        self.action = action
        self.repository = repository
        self.added = added
        self.removed = removed
        self.keys = keys
    }
}
