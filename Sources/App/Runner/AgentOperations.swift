import AgentBackupDomain
import AgentBackupPorts
import AgentBackupConfig

/// The operations the CLI runs for one agent, over one store. The real implementation drives the
/// backup engine; tests give a fake, so every command is tested without a store or files.
public protocol AgentOperations: Sendable {
    /// One backup now ("no changes" is a success).
    func push() async throws -> OperationReport
    /// Restores a snapshot (the latest when `request.snapshot` is nil).
    func restore(_ request: RestoreRequest) async throws -> OperationReport
    /// Lists regular (and on request safety) snapshots, oldest first.
    func snapshots(includeSafety: Bool) async throws -> OperationReport
    /// Downloads, decrypts and hash-checks every file of a snapshot (the latest when nil).
    func verify(snapshot: String?) async throws -> OperationReport
    /// Verifies every snapshot (regular and safety), going on past one that fails or does not open.
    func verifyAll() async throws -> OperationReport
    /// Checks the whole repository: every snapshot opens and everything it names exists; with
    /// `readDataFraction` > 0 that share of the stored data (a new random share each run) is
    /// read back and hash-checked.
    func checkRepository(readDataFraction: Double) async throws -> OperationReport
    /// Applies retention now, and removes safety snapshots when asked.
    func prune(_ request: PruneRequest) async throws -> OperationReport
    /// The daemon's first step: when the agent's roots hold no files and a snapshot exists,
    /// restore the latest one without a safety snapshot. Nil when nothing was restored.
    func restoreIfEmpty() async throws -> OperationReport?
    /// Copies the whole history into another layout, prefix or passphrase and verifies it.
    func migrate(_ request: MigrateRequest) async throws -> OperationReport
}

/// `migrate` options.
public struct MigrateRequest: Sendable, Equatable {
    /// The destination's layout.
    public var layout: RepositoryLayout
    /// The destination's prefix in the same bucket.
    public var prefix: String
    /// The destination's encryption; nil keeps the source's (mode and passphrase).
    public var encryption: EncryptionSetting?

    public init(layout: RepositoryLayout, prefix: String, encryption: EncryptionSetting? = nil) {
        self.layout = layout
        self.prefix = prefix
        self.encryption = encryption
    }
}

/// Opens the repository a `migrate` writes to (the composition root knows the layouts this
/// build has and how to seal them).
public typealias MigrationDestinations = @Sendable (MigrateRequest) async throws -> any SnapshotRepositoryOpener

/// `restore` options, as typed on the command line.
public struct RestoreRequest: Sendable, Equatable {
    /// A snapshot name (`2026-02-09T10-04-05-123Z`, or `safety-…/<id>` for a safety snapshot); nil for the latest.
    public var snapshot: String?
    /// Restore into `<target>/<label>/…` instead of the agent's own folders.
    public var targetDirectory: String?
    /// Do not push a safety snapshot of the current state first.
    public var skipSafety: Bool
    /// Remove local files (within the adapter's included paths) that the snapshot does not have.
    public var mirrorDelete: Bool
    /// Say what would change; write nothing.
    public var dryRun: Bool
    /// `--map FROM=TO` arguments, as given.
    public var pathMappings: [String]
    /// `--map-home`: map the snapshot's recorded home to this machine's.
    public var mapHome: Bool

    public init(
        snapshot: String? = nil, targetDirectory: String? = nil, skipSafety: Bool = false, mirrorDelete: Bool = false, dryRun: Bool = false,
        pathMappings: [String] = [], mapHome: Bool = false
    ) {
        self.snapshot = snapshot
        self.targetDirectory = targetDirectory
        self.skipSafety = skipSafety
        self.mirrorDelete = mirrorDelete
        self.dryRun = dryRun
        self.pathMappings = pathMappings
        self.mapHome = mapHome
    }
}

/// `prune` options.
public struct PruneRequest: Sendable, Equatable {
    /// The rules from the command line; nil uses the configured ones (`keep`, `keepSnapshots`).
    public var policy: RetentionPolicy?
    /// Safety snapshots to delete (never touched unless named here).
    public var removeSafety: SafetyRemoval
    /// Say what would be kept and removed, and why; delete nothing.
    public var dryRun: Bool

    public init(policy: RetentionPolicy? = nil, removeSafety: SafetyRemoval = .none, dryRun: Bool = false) {
        self.policy = policy
        self.removeSafety = removeSafety
        self.dryRun = dryRun
    }
}

/// Which safety snapshots `prune --remove-safety` deletes.
public enum SafetyRemoval: Sendable, Equatable {
    case none
    /// Every safety snapshot.
    case all
    /// These safety snapshots (`safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z`, as
    /// `snapshots --safety` prints them) or whole safety folders (`safety-2026-02-09T10-04-05Z`).
    case named([String])
}
