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
    /// Every regular snapshot the policy looked at, oldest first: kept (with the rules that keep
    /// it) or removed.
    public var decisions: [PruneDecision]
    /// True when nothing was deleted because the run only showed what it would do.
    public var dryRun: Bool

    /// An empty summary.
    public init() {
        deletedSnapshots = []
        deletedIncomplete = []
        deletedSafety = []
        kept = []
        objectsDeleted = 0
        decisions = []
        dryRun = false
    }
}

/// One regular snapshot as retention decided it.
public struct PruneDecision: Sendable, Codable, Equatable {
    public var id: String
    public var kept: Bool
    /// Why it is kept (`newest`, `last 1`, `daily 3`, `within 48h`); empty when removed.
    public var reasons: [String]

    public init(id: String, kept: Bool, reasons: [String]) {
        self.id = id
        self.kept = kept
        self.reasons = reasons
    }
}
