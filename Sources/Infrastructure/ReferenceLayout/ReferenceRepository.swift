import AgentBackupDomain
import AgentBackupPorts
import Logging

/// The reference layout (SPEC "Bucket format"), bucket-compatible with the reference engine in
/// both directions: one object per file per snapshot, `manifest.json` written last, B2EN
/// envelopes when encryption is on, plain objects when it is off. Unchanged files are carried
/// into a new snapshot by server-side copy from the previous one (only when its manifest has the
/// same hash: SPEC items 6 and 11).
///
/// The run's mode comes from the codec, never from sniffing objects (SPEC items 7 and 12).
public struct ReferenceRepository: SnapshotRepository {
    let store: any ObjectStore
    let codec: any ContentCodec
    let hasher: any ContentHasher
    let fileSystem: any FileSystem
    let keys: ReferenceKeys
    /// The operation's private folder for envelopes and downloads on their way.
    let scratch: String
    let settings: ReferenceRepositorySettings
    let logger: Logger

    public init(
        store: any ObjectStore, codec: any ContentCodec, hasher: any ContentHasher, fileSystem: any FileSystem,
        prefix: String, scratch: String, settings: ReferenceRepositorySettings = ReferenceRepositorySettings(),
        logger: Logger = Logger(label: "agent-backup.reference")
    ) {
        self.store = store
        self.codec = codec
        self.hasher = hasher
        self.fileSystem = fileSystem
        self.keys = ReferenceKeys(prefix: prefix)
        self.scratch = scratch
        self.settings = settings
        self.logger = logger
    }

    public var layout: RepositoryLayout { .reference }

    public var displayName: String { "\(store.displayName) under \(keys.root)" }

    public func beginSnapshot(_ ref: SnapshotRef, previous: PreviousSnapshot?) async throws -> any SnapshotWriter {
        ReferenceSnapshotWriter(repository: self, ref: ref, previous: previous)
    }

    public func reader(for ref: SnapshotRef, manifest: Manifest) async throws -> any SnapshotReader {
        ReferenceSnapshotReader(repository: self, ref: ref)
    }
}

/// Limits of the reference layout.
public struct ReferenceRepositorySettings: Sendable, Equatable {
    /// Largest manifest accepted (a hostile size is refused, not allocated).
    public var maxManifestBytes: Int
    /// Requests in flight when checking many folders at once (listing).
    public var listingConcurrency: Int
    /// Files up to this size are encrypted and decrypted in memory, without a temporary
    /// envelope file (a few MiB in flight at the transfer concurrency).
    public var smallFileBytes: Int

    public init(maxManifestBytes: Int = 256 << 20, listingConcurrency: Int = 8, smallFileBytes: Int = 1 << 20) {
        self.maxManifestBytes = maxManifestBytes
        self.listingConcurrency = max(1, listingConcurrency)
        self.smallFileBytes = smallFileBytes
    }
}

/// Opens the reference layout under a prefix for each operation.
public struct ReferenceRepositoryOpener: SnapshotRepositoryOpener {
    let make: @Sendable (String) -> ReferenceRepository

    public init(
        store: any ObjectStore, codec: any ContentCodec, hasher: any ContentHasher, fileSystem: any FileSystem,
        prefix: String, settings: ReferenceRepositorySettings = ReferenceRepositorySettings(),
        logger: Logger = Logger(label: "agent-backup.reference")
    ) {
        make = { scratch in
            ReferenceRepository(store: store, codec: codec, hasher: hasher, fileSystem: fileSystem, prefix: prefix,
                                scratch: scratch, settings: settings, logger: logger)
        }
    }

    public func open(scratch: String, forWriting: Bool) async throws -> any SnapshotRepository {
        make(scratch)
    }
}
