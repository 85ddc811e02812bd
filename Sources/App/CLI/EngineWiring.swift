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
        switch configuration.encryption {
        case .off: return Codecs.forRun(passphrase: nil)
        case .on(let passphrase): return Codecs.forRun(passphrase: passphrase.value)
        }
    }

    static func engine(
        store: any ObjectStore, configuration: Configuration, codec: any ContentCodec, hasher: any ContentHasher,
        fileSystem: any FileSystem, clock: any WallClock, progress: any ProgressReporter, logger: Logger
    ) -> BackupEngine {
        let transfers = configuration.transfers
        let repositories = ReferenceRepositoryOpener(
            store: store, codec: codec, hasher: hasher, fileSystem: fileSystem,
            prefix: configuration.prefix, settings: ReferenceRepositorySettings(listingConcurrency: transfers), logger: logger)
        return BackupEngine(
            repositories: repositories, hasher: hasher, fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem),
            sqlite: SQLiteOnlineSnapshotter(), clock: clock, progress: progress, logger: logger,
            configuration: EngineConfiguration(
                prefix: configuration.prefix, retention: configuration.retention, cacheDirectory: configuration.cacheDirectory,
                transferConcurrency: transfers))
    }
}
