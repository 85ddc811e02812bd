import AgentBackupPorts

/// The composition root's keyring opener: the key objects of the packed repository under the
/// prefix. The reference layout has none (every object is sealed under the passphrase itself),
/// so there the answer is the way its passphrase is changed: a `migrate` under a new one.
public struct LayoutKeyringOpener: RepositoryKeyringOpener {
    /// The configured layout (`layout` / `B2_LAYOUT`): a prefix holding the other is refused, as
    /// every command refuses it.
    public let configured: RepositoryLayout
    let store: any ObjectStore
    let settings: PackedRepositorySettings
    let clock: any WallClock

    public init(configured: RepositoryLayout, store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock) {
        self.configured = configured
        self.store = store
        self.settings = settings
        self.clock = clock
    }

    public func openKeyring() async throws -> any RepositoryKeyring {
        let prefix = PackedKeys(prefix: settings.prefix).prefix
        switch try await LayoutDetector(store: store, prefix: settings.prefix).detect() {
        case .packed?:
            if configured != .packed { throw LayoutCheckingOpener.mismatch(found: .packed, configured: configured, prefix: prefix) }
            return try await PackedKeyring.open(store: store, settings: settings, clock: clock)
        case .reference?:
            throw Self.referenceLayout(prefix: prefix)
        case nil:
            throw RepositoryError(.configuration, "there is no backup under \(prefix) in \(store.displayName) yet: push first (key commands work on a packed-layout backup)")
        }
    }

    /// The answer for a reference-layout prefix: how its passphrase is changed instead.
    static func referenceLayout(prefix: String) -> RepositoryError {
        RepositoryError(.configuration,
            "\(prefix) holds a backup in the reference layout, which has no key objects (every object is sealed under the passphrase itself): "
            + "the passphrase of that layout is changed by copying the history under the new one, "
            + "agent-backup migrate --to reference --to-prefix NEW-PREFIX --new-passphrase-from-env VAR (VAR holding the new passphrase), "
            + "then set prefix and the passphrase to the new ones; or --to packed, whose passphrases the key commands manage")
    }
}
