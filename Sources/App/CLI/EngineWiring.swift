import AgentBackupConfig
import AgentBackupEngine
import AgentBackupInfrastructure
import AgentBackupPorts
import Logging

/// How the composition root builds an engine over an opened store: the codec (one key derivation
/// per run), the repository of the configured prefix and the engine's limits. The operations of
/// every command and `doctor`'s passphrase check share it, so the doctor opens a snapshot exactly
/// as a restore does.
enum EngineWiring {
    /// The run's codec: one key derivation per run, whatever the number of objects.
    static func codec(_ configuration: Configuration) -> any ContentCodec {
        Codecs.forRun(passphrase: passphrase(configuration))
    }

    /// The configured passphrase, nil with encryption off.
    static func passphrase(_ configuration: Configuration) -> String? {
        switch configuration.encryption {
        case .off: return nil
        case .on(let passphrase): return passphrase.value
        }
    }

    /// The packed layout under `prefix`; its index cache and remembered key live in
    /// `<cacheDir>/packed` (one folder per repository id inside, so prefixes never mix).
    static func packedOpener(
        store: any ObjectStore, prefix: String, passphrase: String?, cacheDirectory: String, transfers: Int, clock: any WallClock
    ) -> PackedRepositoryOpener {
        PackedRepositoryOpener(
            store: store, settings: packedSettings(prefix: prefix, passphrase: passphrase, cacheDirectory: cacheDirectory, transfers: transfers),
            clock: clock)
    }

    static func packedSettings(prefix: String, passphrase: String?, cacheDirectory: String, transfers: Int) -> PackedRepositorySettings {
        PackedRepositorySettings(prefix: prefix, passphrase: passphrase, cacheFolder: cacheDirectory + "/packed", transfers: transfers)
    }

    /// The `key` commands' keyring: the packed repository of the configured prefix, opened with
    /// the configured passphrase (the same remembered key and cache folder as every command).
    static func keyrings(store: any ObjectStore, configuration: Configuration, clock: any WallClock) -> LayoutKeyringOpener {
        LayoutKeyringOpener(
            configured: configuration.layout, store: store,
            settings: packedSettings(prefix: configuration.prefix, passphrase: passphrase(configuration),
                                     cacheDirectory: configuration.cacheDirectory, transfers: configuration.transfers),
            clock: clock)
    }

    static func engine(
        store: any ObjectStore, configuration: Configuration, codec: any ContentCodec, hasher: any ContentHasher,
        fileSystem: any FileSystem, clock: any WallClock, progress: any ProgressReporter, logger: Logger
    ) -> BackupEngine {
        let transfers = configuration.transfers
        // The layout the prefix holds; the configured one for an empty prefix; a mismatch is refused.
        let repositories = LayoutCheckingOpener(
            configured: configuration.layout, store: store, prefix: configuration.prefix,
            reference: ReferenceRepositoryOpener(
                store: store, codec: codec, hasher: hasher, fileSystem: fileSystem,
                prefix: configuration.prefix, settings: ReferenceRepositorySettings(listingConcurrency: transfers), logger: logger),
            packed: packedOpener(
                store: store, prefix: configuration.prefix, passphrase: passphrase(configuration),
                cacheDirectory: configuration.cacheDirectory, transfers: transfers, clock: clock))
        return BackupEngine(
            repositories: repositories, hasher: hasher, fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem),
            sqlite: SQLiteOnlineSnapshotter(), clock: clock, progress: progress, logger: logger,
            configuration: EngineConfiguration(
                prefix: configuration.prefix, retention: configuration.retention, cacheDirectory: configuration.cacheDirectory,
                transferConcurrency: transfers))
    }
}
