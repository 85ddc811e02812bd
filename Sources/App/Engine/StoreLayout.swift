import AgentBackupDomain

/// Where a snapshot lives in the bucket: `<prefix>/<id>/` for regular snapshots,
/// `<prefix>/safety-<time>/<id>/` for safety snapshots.
struct SnapshotLocation: Sendable, Equatable, CustomStringConvertible {
    /// The folder above the snapshot folder, without a trailing `/` (`goose-backup` or
    /// `goose-backup/safety-2026-02-09T10-04-05Z`).
    var base: String
    var id: SnapshotID

    /// The snapshot folder's key prefix, ending with `/`.
    var folder: String { base + "/" + id.rawValue + "/" }
    /// The manifest object's key.
    var manifestKey: String { folder + "manifest.json" }
    /// The object key of a file.
    func key(for path: String) -> String { folder + path }

    var description: String { folder }
}

/// The key layout under one prefix (SPEC "Bucket format").
struct StoreLayout: Sendable {
    var prefix: String

    /// A regular snapshot.
    func regular(_ id: SnapshotID) -> SnapshotLocation {
        SnapshotLocation(base: prefix, id: id)
    }

    /// A snapshot inside the safety folder `folder` (`safety-…`).
    func safety(folder: String, id: SnapshotID) -> SnapshotLocation {
        SnapshotLocation(base: prefix + "/" + folder, id: id)
    }

    /// The listing prefix of the first-level folders.
    var listingPrefix: String { prefix + "/" }
}
