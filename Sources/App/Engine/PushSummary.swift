/// What one push did; the `push --json` document.
public struct PushSummary: Sendable, Codable, Equatable {
    /// How the push ended.
    public enum Outcome: String, Sendable, Codable, Equatable {
        /// A new snapshot was written.
        case pushed
        /// Nothing changed since the cached snapshot, which still exists: nothing was written.
        case noChanges
        /// The roots hold no file the rules include: nothing was written.
        case noFiles
    }

    /// Whether a snapshot was written.
    public var outcome: Outcome
    /// The new snapshot's name (nil unless `pushed`).
    public var snapshot: String?
    /// Files in the snapshot (or in the roots when nothing was pushed).
    public var files: Int
    /// Their plaintext bytes.
    public var bytes: Int64
    /// Files new since the cached manifest.
    public var added: Int
    /// Files whose hash differs from the cached manifest's.
    public var changed: Int
    /// Files of the cached manifest that are gone.
    public var deleted: Int
    /// Files identical to the cached manifest's.
    public var unchanged: Int
    /// Files whose bytes went up (added, changed, and copies that fell back to an upload).
    public var uploaded: Int
    /// Plaintext bytes of the uploaded files.
    public var uploadedBytes: Int64
    /// Files carried by server-side copy.
    public var copied: Int
    /// Files whose contents were read to hash them (the rest matched the stat cache).
    public var filesRead: Int
    /// True when the snapshot the local cache names is missing, so everything was uploaded.
    public var previousSnapshotMissing: Bool
    /// Snapshots (and leftovers of unfinished pushes) deleted by retention after the push.
    public var pruned: [String]
    /// Files that could not be backed up; non-empty means the push threw `.failed`.
    public var failures: [FileIssue]
    /// Wall time of the whole push.
    public var durationSeconds: Double

    /// A summary with every count zero.
    public init(outcome: Outcome) {
        self.outcome = outcome
        snapshot = nil
        files = 0
        bytes = 0
        added = 0
        changed = 0
        deleted = 0
        unchanged = 0
        uploaded = 0
        uploadedBytes = 0
        copied = 0
        filesRead = 0
        previousSnapshotMissing = false
        pruned = []
        failures = []
        durationSeconds = 0
    }
}
