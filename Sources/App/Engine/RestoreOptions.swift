import AgentBackupDomain

/// How a restore runs (the `restore` command's flags).
public struct RestoreOptions: Sendable, Equatable {
    /// The snapshot to restore — a regular one or a safety one (`safety-…/<id>`, which undoes a
    /// restore); nil means the newest regular one.
    public var snapshot: SnapshotRef?
    /// Restore into `<targetDirectory>/<label>/…` instead of the agent's roots. The roots, the
    /// local caches and the safety snapshot are then left alone.
    public var targetDirectory: String?
    /// Do not push a safety snapshot of the current state first.
    public var skipSafety: Bool
    /// Exact mirror: also delete local files (within the adapter's included paths) that the
    /// snapshot does not have, after the safety snapshot.
    public var mirrorDelete: Bool
    /// Report what would change without writing anything (no safety snapshot either).
    public var dryRun: Bool
    /// `--map FROM=TO`: absolute paths of the snapshot's machine and where they are here.
    public var pathMappings: [PathMapping]
    /// `--map-home`: this machine's home, to which the snapshot's recorded home is mapped.
    public var mapHomeTo: String?

    /// Options; the defaults restore the newest snapshot over the roots with a safety snapshot.
    public init(
        snapshot: SnapshotRef? = nil, targetDirectory: String? = nil,
        skipSafety: Bool = false, mirrorDelete: Bool = false, dryRun: Bool = false,
        pathMappings: [PathMapping] = [], mapHomeTo: String? = nil
    ) {
        self.snapshot = snapshot
        self.targetDirectory = targetDirectory
        self.skipSafety = skipSafety
        self.mirrorDelete = mirrorDelete
        self.dryRun = dryRun
        self.pathMappings = pathMappings
        self.mapHomeTo = mapHomeTo
    }
}
