/// The snapshots in the bucket; the `snapshots --json` document.
public struct SnapshotListing: Sendable, Codable, Equatable {
    /// Regular snapshots, oldest first.
    public var snapshots: [SnapshotInfo]
    /// Safety snapshots, oldest first (only when asked for).
    public var safety: [SnapshotInfo]?

    /// A listing.
    public init(snapshots: [SnapshotInfo], safety: [SnapshotInfo]? = nil) {
        self.snapshots = snapshots
        self.safety = safety
    }

    /// Every listed snapshot whose manifest did not open (the command then exits 1).
    public var unreadable: [SnapshotInfo] {
        (snapshots + (safety ?? [])).filter { $0.unreadable != nil }
    }
}

/// One complete snapshot, described from its manifest.
public struct SnapshotInfo: Sendable, Codable, Equatable {
    /// The snapshot's one name: `2026-02-09T10-04-05-123Z`, or `safety-…/<id>` for a safety
    /// snapshot (what `restore --snapshot`, `verify --snapshot` and `prune --remove-safety` take).
    public var id: String
    /// The manifest's timestamp, e.g. `2026-02-09T10:04:05.123Z`.
    public var timestamp: String
    /// Number of files.
    public var files: Int
    /// Sum of the plaintext sizes.
    public var bytes: Int64
    /// For a safety snapshot, the `safety-…` folder it lives in (kept for compatibility: `id`,
    /// `safety-…/<id>`, is the one name every command accepts).
    public var safetyFolder: String?
    /// Why the manifest could not be read (another passphrase, damaged, refused); `files` and
    /// `bytes` are then 0 and `timestamp` comes from the id. Nil for a readable snapshot.
    public var unreadable: String?

    /// A snapshot description.
    public init(id: String, timestamp: String, files: Int, bytes: Int64, safetyFolder: String? = nil) {
        self.id = id
        self.timestamp = timestamp
        self.files = files
        self.bytes = bytes
        self.safetyFolder = safetyFolder
    }
}
