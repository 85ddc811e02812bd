import AgentBackupDomain
import AgentBackupPorts
import Logging

/// The use cases of agent-backup — push, restore, list, verify, prune — over the ports only, so
/// the same code runs on either layout and on S3, B2, a local folder or the in-memory test store.
/// Each is its own type (`Archiver`, `Restorer`, `SnapshotLister`, `Verifier`, `Pruner`); this is
/// the one door the runner uses.
///
/// One engine serves one adapter and one repository. It holds no mutable state (see
/// `EngineContext`); running two operations of the same cache folder at once is the caller's
/// lock's job (the runner's `InstanceLock`).
public final class BackupEngine: Sendable {
    let context: EngineContext

    /// An engine over the given ports; `repositories` opens the prefix's history (its layout and,
    /// in the reference layout, its encryption mode come with it).
    public init(
        repositories: any SnapshotRepositoryOpener,
        hasher: any ContentHasher,
        fileSystem: any FileSystem,
        scratch: any ScratchSpace,
        sqlite: any SQLiteSnapshotter,
        clock: any WallClock,
        progress: any ProgressReporter = SilentProgress(),
        logger: Logger = Logger(label: "agent-backup.engine"),
        configuration: EngineConfiguration
    ) {
        context = EngineContext(repositories: repositories, hasher: hasher, fileSystem: fileSystem, scratch: scratch, sqlite: sqlite,
                                clock: clock, progress: progress, logger: logger, configuration: configuration)
    }

    /// Prefix, retention, cache folder and concurrency limits.
    public var configuration: EngineConfiguration { context.configuration }

    /// One backup (SPEC "Push").
    public func push(_ target: BackupTarget) async throws -> PushSummary {
        try await Archiver(context: context).push(target)
    }

    /// Restores a snapshot (SPEC "Restore", items 1–3, 7, 9, 12, 16, 17).
    public func restore(_ target: BackupTarget, options: RestoreOptions) async throws -> RestoreSummary {
        try await Restorer(context: context).restore(target, options: options)
    }

    /// The complete snapshots, oldest first; with `includeSafety`, the safety snapshots too.
    public func snapshots(includeSafety: Bool) async throws -> SnapshotListing {
        try await SnapshotLister(context: context).snapshots(includeSafety: includeSafety)
    }

    /// The newest complete regular snapshot with its manifest opened (nil when there is none):
    /// `doctor`'s passphrase check, judged exactly as a restore would judge it.
    public func newestSnapshot() async throws -> SnapshotInfo? {
        try await SnapshotLister(context: context).newest()
    }

    /// Downloads, decrypts and hash-checks every file of a snapshot (the newest when nil).
    public func verify(snapshot: SnapshotRef?) async throws -> VerifySummary {
        try await Verifier(context: context).verify(snapshot: snapshot)
    }

    /// Verifies every snapshot, regular and safety; one that fails or does not open is named
    /// and the others are still checked.
    public func verifyAll() async throws -> VerifyAllSummary {
        try await Verifier(context: context).verifyAll()
    }

    /// Checks the whole repository: every snapshot opens, everything it names exists, and the
    /// `depth` share of the stored data is read back and hash-checked.
    public func checkRepository(_ depth: RepositoryCheckDepth) async throws -> RepositoryCheckSummary {
        try await Verifier(context: context).checkRepository(depth)
    }

    /// Deletes regular snapshots `policy` does not keep and leftovers of unfinished pushes; with
    /// `removeSafety`, every safety snapshot. `dryRun` deletes nothing.
    public func prune(policy: RetentionPolicy, removeSafety: Bool, dryRun: Bool = false) async throws -> PruneSummary {
        try await Pruner(context: context).prune(policy: policy, removeSafety: removeSafety, dryRun: dryRun)
    }

    /// Deletes the safety snapshots in the named safety folders (`safety-…`), each manifest first.
    public func removeSafetySnapshots(in folders: [String]) async throws -> PruneSummary {
        try await Pruner(context: context).removeSafety(in: folders)
    }

    /// Copies every snapshot of this prefix (regular and safety, ids and timestamps kept) into
    /// the repository `destination` opens — another layout, prefix or passphrase — and reads
    /// every file back from it. The source is only read; a run stopped anywhere resumes.
    public func migrate(to destination: any SnapshotRepositoryOpener) async throws -> MigrateSummary {
        try await Migrator(context: context).migrate(to: destination)
    }

    /// True when the roots hold at least one file the rules include (the daemon restores the
    /// latest snapshot into empty roots before its first backup). Reads no file contents.
    public func hasLocalFiles(_ target: BackupTarget) throws -> Bool {
        !FileGatherer(fileSystem: context.fileSystem, rules: target.rules).gather(roots: target.roots).files.isEmpty
    }
}
