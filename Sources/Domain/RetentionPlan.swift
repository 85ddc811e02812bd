import Foundation

/// What pruning removes: complete snapshots the policy does not keep, and incomplete folders
/// OLDER than the newest complete snapshot (leftovers of a crashed push). Incomplete folders
/// newer than that may be a push still running on another machine and are kept. Safety folders
/// and folders that are not ours are never touched.
public struct RetentionPlan: Sendable, Equatable {
    /// Complete snapshots to delete, oldest first.
    public let snapshotsToDelete: [SnapshotID]
    /// Incomplete snapshot folders to delete, oldest first.
    public let incompleteToDelete: [SnapshotID]
    /// Complete snapshots that stay, oldest first, each with the rules that keep it.
    public let keptWithReasons: [KeptSnapshot]

    /// Complete snapshots that stay, oldest first.
    public var kept: [SnapshotID] { keptWithReasons.map(\.id) }

    /// Plans pruning of `catalog` by `policy`, reading calendar periods in `timeZone`.
    /// Throws `.invalidRetention` for a negative count.
    public init(catalog: SnapshotCatalog, policy: RetentionPolicy, timeZone: TimeZone) throws {
        try policy.validate()
        let decision = policy.apply(to: catalog.complete, timeZone: timeZone)
        snapshotsToDelete = decision.remove
        keptWithReasons = decision.keep
        if let newest = catalog.latest {
            incompleteToDelete = catalog.incomplete.filter { $0 < newest }
        } else {
            incompleteToDelete = []
        }
    }

    /// Plans pruning of `catalog` keeping the newest `keep` complete snapshots (the reference
    /// engine's `keepSnapshots`). Throws `.invalidRetention` when `keep` is below 1 (that would
    /// delete every backup).
    public init(catalog: SnapshotCatalog, keep: Int) throws {
        guard keep >= 1 else {
            throw DomainError(.invalidRetention, "keepSnapshots is \(keep): it must be a whole number of at least 1 (it counts the snapshots kept after each push).")
        }
        try self.init(catalog: catalog, policy: .keepLast(keep), timeZone: TimeZone(identifier: "UTC")!)
    }

    /// True when there is nothing to delete.
    public var isEmpty: Bool {
        snapshotsToDelete.isEmpty && incompleteToDelete.isEmpty
    }
}
