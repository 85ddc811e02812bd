import AgentBackupDomain
import AgentBackupPorts

/// What one backup covers: an agent's resolved roots and the rules that pick its files.
///
/// Built by the adapter layer (`Adapter.resolveRoots` + `pathRules()`); the engine never looks
/// at the environment itself, so tests can point it at any folder.
public struct BackupTarget: Sendable {
    /// The adapter id (`goose`), for messages.
    public var id: String
    /// Where the state lives; labels are unique and name the first segment of every virtual path.
    public var roots: [Root]
    /// Which files are backed up, which are SQLite databases, which folders are pruned.
    public var rules: PathRules
    /// Replaces secret values inside files in the uploaded copy only; nil when the adapter has none.
    public var redactor: (any Redacting)?
    /// Folders whose entries the agent names after absolute paths (renamed by `--map`).
    public var pathNames: [PathNameRule]
    /// Rewrites the absolute paths inside the files that hold them (`--map`); nil when the
    /// adapter names none.
    public var pathRewriter: (any PathRewriting)?
    /// This machine, recorded in every snapshot pushed (what `--map-home` maps from later).
    public var origin: SnapshotOrigin?

    /// A target; `roots` should already exclude folders that do not exist.
    public init(
        id: String, roots: [Root], rules: PathRules, redactor: (any Redacting)? = nil,
        pathNames: [PathNameRule] = [], pathRewriter: (any PathRewriting)? = nil, origin: SnapshotOrigin? = nil
    ) {
        self.id = id
        self.roots = roots
        self.rules = rules
        self.redactor = redactor
        self.pathNames = pathNames
        self.pathRewriter = pathRewriter
        self.origin = origin
    }
}
