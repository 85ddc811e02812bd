/// What one restore did (or, with `dryRun`, would do); the `restore --json` document.
public struct RestoreSummary: Sendable, Codable, Equatable {
    /// The restored snapshot's name (`<id>`, or `safety-…/<id>` for a safety snapshot).
    public var snapshot: String
    /// Where files went when `--target` was used.
    public var targetDirectory: String?
    /// True when nothing was written (the counts say what would have been).
    public var dryRun: Bool
    /// Files in the snapshot.
    public var files: Int
    /// Files written (or to write) because the local copy differed or was missing.
    public var downloaded: Int
    /// Their plaintext bytes (as the manifest records them).
    public var downloadedBytes: Int64
    /// Files already identical locally.
    public var skipped: Int
    /// Local files removed (or to remove) by `--delete`.
    public var deleted: Int
    /// The safety snapshot's name (`safety-…/<id>`, accepted by `restore --snapshot`), when one was pushed.
    public var safetySnapshot: String?
    /// Virtual paths written (or to write).
    public var writtenPaths: [String]
    /// Virtual paths deleted (or to delete).
    public var deletedPaths: [String]
    /// Redacted keys the user must re-enter, by virtual path (no local value to keep).
    public var keysToReenter: [String: [String]]  // not a path key: summary for display
    /// Where each file of `keysToReenter` was written on this machine, so the message can name
    /// the file to edit rather than a virtual path the user never sees elsewhere.
    public var reentryFiles: [String: String]  // not a path key: summary for display
    /// Renames and rewrites of `--map` / `--map-home`; nil without a mapping.
    public var pathMapping: PathMappingSummary?
    /// Wall time of the whole restore.
    public var durationSeconds: Double

    /// An empty summary for `snapshot` at `location`.
    public init(snapshot: String, targetDirectory: String?, dryRun: Bool) {
        self.snapshot = snapshot
        self.targetDirectory = targetDirectory
        self.dryRun = dryRun
        files = 0
        downloaded = 0
        downloadedBytes = 0
        skipped = 0
        deleted = 0
        safetySnapshot = nil
        writtenPaths = []
        deletedPaths = []
        keysToReenter = [:]
        reentryFiles = [:]
        durationSeconds = 0
    }
}
