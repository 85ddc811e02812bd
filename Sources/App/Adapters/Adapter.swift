import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
/// One agent, as data: where its state lives and which files of it are backed up.
///
/// Built-in adapters (`AdapterCatalog.builtIn`) and adapter files (`AdapterFile.load`) are the
/// same type, so `agent-backup agents --json` prints every built-in as a file a user can copy
/// and edit. Patterns are JavaScript/ICU regular expressions searched in the virtual path
/// `<label>/<path inside the root>`; `secretExclude` wins over `exclude`, which wins over
/// `include`.
public struct Adapter: Sendable, Equatable {
    /// `[a-z0-9][a-z0-9-]*`: names the bucket prefix (`<id>-backup`), the config folder
    /// (`~/.config/<id>-b2-backup`) and the cache folder.
    public var id: String
    /// A human name for listings (`Claude Code`).
    public var name: String?
    /// Where the state lives; only roots that exist are backed up, and a restore puts a missing
    /// fixed root at its default place (`restoreRoots`).
    public var roots: [RootSpec]
    /// A file is backed up only when one of these matches.
    public var include: [String]
    /// Files (and, tested with a trailing `/`, whole folders) never backed up.
    public var exclude: [String]
    /// SQLite databases, copied with the online backup API.
    public var sqlite: [String]
    /// Credentials: never backed up, whatever else matches.
    public var secretExclude: [String]
    /// Appended to the "no state folders found" error: how to point the tool at the agent.
    public var noRootsHint: String?
    /// Values replaced by a placeholder in the uploaded copy of files that mix secrets with
    /// settings.
    public var redact: [RedactionRule]
    /// Folders whose entries the agent names after absolute paths (Claude Code's
    /// `projects/-home-alice-app`): `restore --map` renames them.
    public var pathNames: [PathNameRule]
    /// Files holding absolute paths (transcripts' `cwd`, project lists): `restore --map`
    /// rewrites them.
    public var pathFiles: [PathFileRule]

    /// An adapter; nothing is checked here (`validate()` and `AdapterFile` check).
    public init(
        id: String,
        name: String? = nil,
        roots: [RootSpec],
        include: [String],
        exclude: [String] = [],
        sqlite: [String] = [],
        secretExclude: [String] = [],
        noRootsHint: String? = nil,
        redact: [RedactionRule] = [],
        pathNames: [PathNameRule] = [],
        pathFiles: [PathFileRule] = []
    ) {
        self.id = id
        self.name = name
        self.roots = roots
        self.include = include
        self.exclude = exclude
        self.sqlite = sqlite
        self.secretExclude = secretExclude
        self.noRootsHint = noRootsHint
        self.redact = redact
        self.pathNames = pathNames
        self.pathFiles = pathFiles
    }
}
