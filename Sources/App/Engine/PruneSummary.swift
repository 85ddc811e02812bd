/// What `prune` (or the retention step of a push) deleted; the `prune --json` document.
public struct PruneSummary: Sendable, Codable, Equatable {
    /// Regular snapshots deleted (ids), oldest first.
    public var deletedSnapshots: [String]
    /// Incomplete folders (no manifest, older than the newest complete snapshot) deleted; a
    /// half-written safety snapshot is named `safety-…/<id>`.
    public var deletedIncomplete: [String]
    /// Safety folders deleted (only when asked).
    public var deletedSafety: [String]
    /// Regular snapshots kept.
    public var kept: [String]
    /// Objects deleted in all.
    public var objectsDeleted: Int

    /// An empty summary.
    public init() {
        deletedSnapshots = []
        deletedIncomplete = []
        deletedSafety = []
        kept = []
        objectsDeleted = 0
    }
}
