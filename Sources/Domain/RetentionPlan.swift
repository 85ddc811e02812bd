/// What pruning removes after a successful push: complete snapshots beyond the newest `keep`,
/// and incomplete folders OLDER than the newest complete snapshot (leftovers of a crashed
/// push). Incomplete folders newer than that may be a push still running on another machine
/// and are kept. Safety folders and folders that are not ours are never touched.
public struct RetentionPlan: Sendable, Equatable {
    /// Complete snapshots to delete, oldest first.
    public let snapshotsToDelete: [SnapshotID]
    /// Incomplete snapshot folders to delete, oldest first.
    public let incompleteToDelete: [SnapshotID]
    /// Complete snapshots that stay, oldest first.
    public let kept: [SnapshotID]

    /// Plans pruning of `catalog`, keeping the newest `keep` complete snapshots.
    /// Throws `.invalidRetention` when `keep` is below 1 (that would delete every backup).
    public init(catalog: SnapshotCatalog, keep: Int) throws {
        guard keep >= 1 else {
            throw DomainError(.invalidRetention, "keepSnapshots is \(keep): it must be a whole number of at least 1 (it counts the snapshots kept after each push).")
        }
        let deleteCount = max(0, catalog.complete.count - keep)
        snapshotsToDelete = Array(catalog.complete.prefix(deleteCount))
        kept = Array(catalog.complete.dropFirst(deleteCount))
        if let newest = catalog.latest {
            incompleteToDelete = catalog.incomplete.filter { $0 < newest }
        } else {
            incompleteToDelete = []
        }
    }

    /// True when there is nothing to delete.
    public var isEmpty: Bool {
        snapshotsToDelete.isEmpty && incompleteToDelete.isEmpty
    }
}
