import AgentBackupPorts

/// The key commands' use case: the passphrases that open a repository, over the keyring port.
/// Its rules: a new key is read back and opened before anything is deleted (a kill between
/// leaves two working keys, never none); the last key and the key in use are never removed.
public struct PassphraseKeys: Sendable {
    let keyrings: any RepositoryKeyringOpener

    public init(keyrings: any RepositoryKeyringOpener) {
        self.keyrings = keyrings
    }

    /// Every key, which this passphrase opens, and the one in use.
    public func list() async throws -> KeyListing {
        try await wrapped("Listing the keys") {
            let keyring = try await keyrings.openKeyring()
            return KeyListing(repository: keyring.displayName, keys: try await keyring.keys())
        }
    }

    /// Adds `passphrase`: a new key object, read back and opened with it.
    public func add(passphrase: String) async throws -> KeyChangeSummary {
        try await wrapped("Adding a key") {
            let keyring = try await keyrings.openKeyring()
            let before = try await keyring.keys()
            let added = try await addChecked(passphrase, to: keyring)
            return KeyChangeSummary(action: .add, repository: keyring.displayName, added: added, removed: [], keys: before.count + 1)
        }
    }

    /// Removes the key `id` (its full id or a unique beginning of it): never the last one, nor
    /// the one this run opened with.
    public func remove(id: String) async throws -> KeyChangeSummary {
        try await wrapped("Removing a key") {
            let keyring = try await keyrings.openKeyring()
            let all = try await keyring.keys()
            let key = try Self.find(id, in: all, repository: keyring.displayName)
            if all.count == 1 {
                throw EngineError(.configuration, "key \(key.id) is the only key of \(keyring.displayName): without it nothing there can be read. "
                    + "Add another first (agent-backup key add --new-passphrase-from-env VAR), or replace this passphrase with agent-backup key change")
            }
            if key.inUse {
                throw EngineError(.configuration, "key \(key.id) is the one this run opened \(keyring.displayName) with (the configured passphrase): "
                    + "to retire this passphrase use agent-backup key change --new-passphrase-from-env VAR (it writes the new key first), "
                    + "or run key remove with another passphrase configured")
            }
            try await keyring.removeKey(id: key.id)
            return KeyChangeSummary(action: .remove, repository: keyring.displayName, added: nil, removed: [key.id], keys: all.count - 1)
        }
    }

    /// Replaces this run's passphrase with `passphrase`: writes the new key, reads it back and
    /// opens it, then deletes every key the old passphrase opens. The old one then opens nothing.
    public func change(to passphrase: String) async throws -> KeyChangeSummary {
        try await wrapped("Changing the passphrase") {
            let keyring = try await keyrings.openKeyring()
            let before = try await keyring.keys()
            let added = try await addChecked(passphrase, to: keyring)
            let retired = before.filter { $0.opensWithThisPassphrase && $0.id != added.id }.map(\.id)
            for id in retired {
                try await keyring.removeKey(id: id)
            }
            return KeyChangeSummary(action: .change, repository: keyring.displayName, added: added, removed: retired,
                                    keys: before.count + 1 - retired.count)
        }
    }

    private func addChecked(_ passphrase: String, to keyring: any RepositoryKeyring) async throws -> RepositoryKeyInfo {
        let added = try await keyring.addKey(passphrase: passphrase)
        do {
            try await keyring.checkKey(id: added.id, passphrase: passphrase)
        } catch {
            let wrapped = EngineError.wrapping(error, context: "Reading back the new key \(added.id)")
            throw EngineError(wrapped.kind, wrapped.message + "; no key was removed (key remove \(added.id) deletes the new one)", files: wrapped.files)
        }
        return added
    }

    /// The key `id` names: equal to it, or the only one beginning with it.
    static func find(_ id: String, in keys: [RepositoryKeyInfo], repository: String) throws -> RepositoryKeyInfo {
        let wanted = id.lowercased()
        if let exact = keys.first(where: { $0.id == wanted }) { return exact }
        let matches = wanted.isEmpty ? [] : keys.filter { $0.id.hasPrefix(wanted) }
        guard matches.count == 1 else {
            throw EngineError(.configuration, matches.isEmpty
                ? "\(repository) has no key \(id): agent-backup key list shows the ids"
                : "\"\(id)\" begins \(matches.count) key ids of \(repository): give more of the id (agent-backup key list --json prints them whole)")
        }
        return matches[0]
    }

    /// Runs `body`, turning what a port throws into an engine error (a configuration error keeps
    /// its exit code 2).
    private func wrapped<T: Sendable>(_ context: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw EngineError.wrapping(error, context: context)
        }
    }
}
