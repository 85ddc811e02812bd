import AgentBackupInfrastructure
import AgentBackupPorts

/// The layouts the engine suite runs in, encrypted with one passphrase, with the real hasher,
/// POSIX files, private scratch areas and SQLite snapshots around them.
public enum EngineSuiteLayout: String, Sendable, CaseIterable, CustomStringConvertible {
    case reference, packed

    public static let passphrase = "correct horse battery staple"

    public var description: String { rawValue }

    /// The backend `name` of this layout on the stores `store` makes.
    public func backend(name: String, store: @escaping @Sendable (String) async throws -> EngineSuiteStore) -> EngineSuiteBackend {
        let fileSystem = PosixFileSystem()
        let parts = EngineSuiteParts(
            hasher: OpenSSLHasher(), fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem), sqlite: SQLiteOnlineSnapshotter())
        let layout = self
        return EngineSuiteBackend(name: "\(name)/\(self)", store: store, parts: parts) { store, prefix, cache, clock in
            // As the composition root opens: the layout detected from the bucket, a packed
            // prefix this machine opened before from what it remembers.
            LayoutCheckingOpener(
                configured: layout == .packed ? .packed : .reference, store: store, prefix: prefix,
                reference: ReferenceRepositoryOpener(
                    store: store, codec: Codecs.encrypting(passphrase: Self.passphrase), hasher: parts.hasher, fileSystem: fileSystem, prefix: prefix),
                packed: PackedRepositoryOpener(
                    store: store,
                    settings: PackedRepositorySettings(prefix: prefix, passphrase: Self.passphrase, cacheFolder: cache + "/packed", transfers: 4),
                    clock: clock))
        }
    }
}
