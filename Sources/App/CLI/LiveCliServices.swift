import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Logging
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupDomain

/// The real services of the `agent-backup` binary: POSIX files, the system clock, the adapters,
/// the stores and the engine.
public struct LiveCliServices: CliServices {
    public let fileSystem: any FileSystem
    public let clock: any WallClock
    private let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
        fileSystem = PosixFileSystem()
        clock = SystemClock()
    }

    public func resolveAgent(_ selection: AgentSelection, environment: [String: String]) throws -> ResolvedAgent {
        let adapter: Adapter
        switch selection {
        case .builtIn(let id): adapter = try AdapterCatalog.require(id: id)
        case .adapterFile(let path): adapter = try AdapterFile.load(path: path, fileSystem: fileSystem)
        case .adapter(let value):
            try value.validate()
            adapter = value
        }
        return ResolvedAgent(selection: selection, adapter: adapter)
    }

    /// Opens the store, builds the codec (one key derivation per run) and the engine.
    public func withOperations<T: Sendable>(
        agent: ResolvedAgent, configuration: Configuration, logger: Logger, progress: any ProgressReporter,
        _ body: (any AgentOperations) async throws -> T
    ) async throws -> T {
        let opened = try await StoreConnector.open(
            configuration.store, agentID: agent.id, prefix: configuration.prefix, fileSystem: fileSystem, logger: logger,
            retry: configuration.retry, onRetry: { progress.report(.retry(waitSeconds: $0)) })
        let retrier = opened.retrier
        let meter = MeteredObjectStore(opened.store, fileSystem: fileSystem) {
            let tally = retrier.tallySoFar
            return (tally.retries, tally.waitSeconds)
        }
        let transfers = configuration.transfers
        let hasher = OpenSSLHasher()
        let codec = EngineWiring.codec(configuration)
        let engine = EngineWiring.engine(
            store: meter, configuration: configuration, codec: codec, hasher: hasher, fileSystem: fileSystem, clock: clock,
            progress: progress, logger: logger)
        let operations = EngineAgentOperations(
            engine: engine, adapter: agent.adapter, environment: adapterEnvironment(environment), store: meter,
            configuration: configuration, logger: logger, meter: meter,
            destinations: { [fileSystem] request in
                try Self.migrationDestination(request, store: meter, sourceCodec: codec, sourcePassphrase: EngineWiring.passphrase(configuration),
                                              hasher: hasher, fileSystem: fileSystem, cacheDirectory: configuration.cacheDirectory,
                                              transfers: transfers, logger: logger)
            },
            keyrings: EngineWiring.keyrings(store: meter, configuration: configuration, clock: clock))
        do {
            let result = try await body(operations)
            await opened.close()
            return result
        } catch {
            await opened.close()
            throw error
        }
    }

    /// The repository a `migrate` writes: the requested layout under the new prefix of the same
    /// store, sealed like the source unless the request says otherwise.
    static func migrationDestination(
        _ request: MigrateRequest, store: any ObjectStore, sourceCodec: any ContentCodec, sourcePassphrase: String?,
        hasher: any ContentHasher, fileSystem: any FileSystem, cacheDirectory: String, transfers: Int, logger: Logger
    ) throws -> any SnapshotRepositoryOpener {
        let codec: any ContentCodec
        let passphrase: String?
        switch request.encryption {
        case nil: (codec, passphrase) = (sourceCodec, sourcePassphrase)
        case .off?: (codec, passphrase) = (Codecs.plain(), nil)
        case .on(let p)?: (codec, passphrase) = (Codecs.forRun(passphrase: p.value), p.value)
        }
        switch request.layout {
        case .reference:
            return ReferenceRepositoryOpener(
                store: store, codec: codec, hasher: hasher, fileSystem: fileSystem, prefix: request.prefix,
                settings: ReferenceRepositorySettings(listingConcurrency: transfers), logger: logger)
        case .packed:
            return EngineWiring.packedOpener(
                store: store, prefix: request.prefix, passphrase: passphrase, cacheDirectory: cacheDirectory,
                transfers: transfers, clock: SystemClock())
        }
    }

    /// `flock` on `~/.agent-backup/locks/<name>`: a dead holder never blocks.
    public func acquireLock(name: String, environment: [String: String]) throws -> any HeldLock {
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw ConfigurationError(.missingHome, key: "HOME", message: "HOME is not set to an absolute path; the lock lives in $HOME/.agent-backup/locks")
        }
        return try FlockInstanceLock(directory: "\(home)/.agent-backup/locks").acquire(name: name)
    }

    public func makeSchedule(_ setting: ScheduleSetting) throws -> any TickSchedule {
        CronTickSchedule(schedule: try setting.cronSchedule)
    }

    public func agentsReport(environment: [String: String]) throws -> OperationReport {
        try AgentsListing.report(adapters: AdapterCatalog.builtIn, environment: adapterEnvironment(environment))
    }

    /// What root resolution sees: this process's variables, HOME and platform.
    func adapterEnvironment(_ environment: [String: String]) -> AdapterEnvironment {
        AdapterEnvironment(
            variables: environment, home: environment["HOME"] ?? "/", platform: .current, fileSystem: fileSystem,
            workingDirectory: FileManager.default.currentDirectoryPath)
    }
}
