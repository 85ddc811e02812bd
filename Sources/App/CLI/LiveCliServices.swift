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
///
/// Wired progressively as the parts land: until the engine is merged, operations fail with
/// exit 1 and a message saying so (configuration and usage checks already run for real).
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
        return ResolvedAgent(id: adapter.id, selection: selection, payload: adapter)
    }

    /// Opens the store, builds the codec (one key derivation per run) and the engine.
    public func withOperations<T: Sendable>(
        agent: ResolvedAgent, configuration: Configuration, logger: Logger, progress: any ProgressReporter,
        _ body: (any AgentOperations) async throws -> T
    ) async throws -> T {
        guard let adapter = agent.payload as? Adapter else { throw NotWiredError(what: "an adapter for \(agent.id)") }
        let opened = try await StoreConnector.open(
            configuration.store, agentID: agent.id, prefix: configuration.prefix, fileSystem: fileSystem, logger: logger,
            retry: configuration.retry, onRetry: { progress.report(.retry(waitSeconds: $0)) })
        let retrier = opened.retrier
        let meter = MeteredObjectStore(opened.store) {
            let tally = retrier.tallySoFar
            return (tally.retries, tally.waitSeconds)
        }
        let passphrase: String?
        switch configuration.encryption {
        case .off: passphrase = nil
        case .on(let p): passphrase = p.value
        }
        // Requests in flight: 8 suits a laptop on the internet; a fast local server or a long fat
        // link may want more (`AGENT_BACKUP_TRANSFERS`, 1–64).
        let transfers = environment["AGENT_BACKUP_TRANSFERS"].flatMap(Int.init).map { min(max($0, 1), 64) } ?? 8
        let hasher = OpenSSLHasher()
        let codec = Codecs.forRun(passphrase: passphrase)
        let repositories = LayoutCheckingOpener(
            configured: configuration.layout, store: meter, prefix: configuration.prefix,
            reference: ReferenceRepositoryOpener(
                store: meter, codec: codec, hasher: hasher, fileSystem: fileSystem,
                prefix: configuration.prefix, settings: ReferenceRepositorySettings(listingConcurrency: transfers), logger: logger),
            packed: Self.packedOpener(
                store: meter, prefix: configuration.prefix, passphrase: passphrase,
                cacheDirectory: configuration.cacheDirectory, transfers: transfers, clock: clock))
        let engine = BackupEngine(
            repositories: repositories, hasher: hasher, fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem),
            sqlite: SQLiteOnlineSnapshotter(), clock: clock, progress: progress, logger: logger,
            configuration: EngineConfiguration(
                prefix: configuration.prefix, retention: configuration.retention, cacheDirectory: configuration.cacheDirectory,
                transferConcurrency: transfers))
        let operations = EngineAgentOperations(
            engine: engine, adapter: adapter, environment: adapterEnvironment(environment), store: meter,
            configuration: configuration, logger: logger, meter: meter,
            destinations: { [fileSystem] request in
                try Self.migrationDestination(request, store: meter, sourceCodec: codec, sourcePassphrase: passphrase,
                                              hasher: hasher, fileSystem: fileSystem, cacheDirectory: configuration.cacheDirectory,
                                              transfers: transfers, logger: logger)
            })
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
            return packedOpener(store: store, prefix: request.prefix, passphrase: passphrase, cacheDirectory: cacheDirectory,
                                transfers: transfers, clock: SystemClock())
        }
    }

    /// The packed layout under `prefix`; its index cache and remembered key live in
    /// `<cacheDir>/packed` (one folder per repository id inside, so prefixes never mix).
    static func packedOpener(
        store: any ObjectStore, prefix: String, passphrase: String?, cacheDirectory: String, transfers: Int, clock: any WallClock
    ) -> PackedRepositoryOpener {
        PackedRepositoryOpener(
            store: store,
            settings: PackedRepositorySettings(prefix: prefix, passphrase: passphrase, cacheFolder: cacheDirectory + "/packed", transfers: transfers),
            clock: clock)
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

/// A part of the program that this build does not have yet.
struct NotWiredError: Error, CustomStringConvertible {
    var what: String
    var description: String { "\(what) is not available in this build yet" }
}
