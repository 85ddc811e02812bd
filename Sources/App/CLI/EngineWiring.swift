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
    /// Requests in flight: 8 suits a laptop on the internet; a fast local server or a long fat
    /// link may want more (`AGENT_BACKUP_TRANSFERS`, 1–64).
    static func transfers(environment: [String: String]) -> Int {
        environment["AGENT_BACKUP_TRANSFERS"].flatMap(Int.init).map { min(max($0, 1), 64) } ?? 8
    }

    static func engine(
        store: any ObjectStore, configuration: Configuration, fileSystem: any FileSystem, clock: any WallClock,
        progress: any ProgressReporter, logger: Logger, transfers: Int
    ) -> BackupEngine {
        let passphrase: String?
        switch configuration.encryption {
        case .off: passphrase = nil
        case .on(let p): passphrase = p.value
        }
        let hasher = OpenSSLHasher()
        let repositories = ReferenceRepositoryOpener(
            store: store, codec: Codecs.forRun(passphrase: passphrase), hasher: hasher, fileSystem: fileSystem,
            prefix: configuration.prefix, settings: ReferenceRepositorySettings(listingConcurrency: transfers), logger: logger)
        return BackupEngine(
            repositories: repositories, hasher: hasher, fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem),
            sqlite: SQLiteOnlineSnapshotter(), clock: clock, progress: progress, logger: logger,
            configuration: EngineConfiguration(
                prefix: configuration.prefix, retention: configuration.retention, cacheDirectory: configuration.cacheDirectory,
                transferConcurrency: transfers))
    }
}
