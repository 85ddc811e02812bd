import AgentBackupDomain
import AgentBackupPorts
import Logging

/// The use cases of agent-backup — push, restore, list, verify, prune — written against the
/// ports only, so the same code runs on S3, B2, a local folder or the in-memory test store.
///
/// One engine serves one adapter and one store. It holds no mutable state: every operation
/// reads the local caches from `configuration.cacheDirectory` and writes them back atomically,
/// so operations may run one after another in a daemon. Running two operations of the same
/// cache folder at once is the caller's lock's job (the runner's `InstanceLock`).
public final class BackupEngine: Sendable {
    let store: any ObjectStore
    let codec: any ContentCodec
    let hasher: any ContentHasher
    let fileSystem: any FileSystem
    let sqlite: any SQLiteSnapshotter
    let clock: any WallClock
    let progress: any ProgressReporter
    let logger: Logger
    /// Prefix, retention, cache folder and concurrency limits.
    public let configuration: EngineConfiguration

    /// An engine over the given ports. `codec` decides the bucket's mode for the whole run:
    /// encrypting (B2EN objects, a plaintext manifest is refused) or plain (nothing is decrypted).
    public init(
        store: any ObjectStore,
        codec: any ContentCodec,
        hasher: any ContentHasher,
        fileSystem: any FileSystem,
        sqlite: any SQLiteSnapshotter,
        clock: any WallClock,
        progress: any ProgressReporter = SilentProgress(),
        logger: Logger = Logger(label: "agent-backup.engine"),
        configuration: EngineConfiguration
    ) {
        self.store = store
        self.codec = codec
        self.hasher = hasher
        self.fileSystem = fileSystem
        self.sqlite = sqlite
        self.clock = clock
        self.progress = progress
        self.logger = logger
        self.configuration = configuration
    }

    /// The layout of keys under the configured prefix.
    var layout: StoreLayout { StoreLayout(prefix: configuration.prefix) }

    /// The manifest cache and the record of which snapshot it describes.
    var manifestCache: LocalManifestCache {
        LocalManifestCache(fileSystem: fileSystem, directory: configuration.cacheDirectory)
    }

    /// Where the stat cache lives.
    var statCachePath: String { configuration.cacheDirectory + "/statcache" }

    /// Seconds since `start` by the injected clock.
    func elapsed(since start: Double) -> Double {
        max(0, clock.now().timeIntervalSince1970 - start)
    }

    /// Refuses a cache folder inside an agent root: the tool's own files would be backed up
    /// and, on restore, overwritten.
    func checkCacheOutsideRoots(_ target: BackupTarget) throws {
        let cache = Self.normalized(configuration.cacheDirectory)
        for root in target.roots where root.kind == .directory {
            let rootPath = Self.normalized(root.path)
            if cache == rootPath || cache.hasPrefix(rootPath == "/" ? "/" : rootPath + "/") {
                throw EngineError(.configuration,
                    "The cache folder \(configuration.cacheDirectory) is inside the root '\(root.label)' (\(root.path)): "
                    + "set cacheDir to a folder outside the agent's state, e.g. ~/.agent-backup/\(target.id).")
            }
        }
    }

    /// `path` without trailing slashes.
    static func normalized(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
