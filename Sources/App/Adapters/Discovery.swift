/// Roots found at run time rather than named in advance. Each discovered root gets the label
/// `<labelPrefix><name>`, with `name` sanitized (`[^A-Za-z0-9]+` → `-`, no leading or trailing
/// `-`) and collisions numbered `-2`, `-3`… in a deterministic order, so a label never changes
/// between runs on one machine and restore finds every root again.
public enum Discovery: Sendable, Equatable {
    /// Every `<base>/<Product>/User[/profiles/<p>]/globalStorage/<extensionID>` of VS Code and its
    /// forks (Code, Code - Insiders, VSCodium, Cursor, Windsurf…), where base is
    /// `${XDG_CONFIG_HOME:-~/.config}` on Linux and `~/Library/Application Support` on macOS.
    /// Name: `<Product>` or `<Product>__<profile>` (each part sanitized), as the reference
    /// cline package labels them.
    case vscodeGlobalStorage(extensionID: String)
    /// One root per entry of a variable holding folders separated by `,` or `:` (Aider's
    /// `AIDER_PROJECTS`). Name: the folder's basename, `project` when it has none. Numbering
    /// counts every entry, existing or not, as the reference aider package does.
    case listFromEnvironment(variable: String)
    /// One root per entry of a JSON file the agent maintains (Crush's `projects.json`).
    case jsonList(JSONListDiscovery)
    /// Every existing folder matching a path template with `*` wildcards in whole segments
    /// (`~/.config/*/agent`). Name: what the wildcards matched, joined with `-`.
    case glob(pattern: String)
}

/// Where a JSON file lists folders, and how to name them.
public struct JSONListDiscovery: Sendable, Equatable {
    /// The JSON file (candidates; the first that exists is read). JSON5-style comments,
    /// trailing commas and unquoted keys are accepted.
    public var file: PathCandidates
    /// Dotted path to the list (or single object) inside the file: `projects`, `agents.list`.
    /// Empty means the document itself.
    public var items: String
    /// The member of each item holding the folder (`data_dir`); `~` is expanded, a relative
    /// path is taken relative to the JSON file's folder. Items without it are skipped.
    public var directory: String
    /// The member whose basename names the root (`path`); nil uses the folder's basename.
    public var name: String?
    /// Folders are discovered only as far as the file can be read: true ignores a file that is
    /// not valid JSON (an agent's own format drifting must not stop the backup of its other
    /// roots); false reports it as an error.
    public var ignoreInvalid: Bool

    /// A JSON list discovery.
    public init(file: PathCandidates, items: String, directory: String, name: String? = nil, ignoreInvalid: Bool = false) {
        self.file = file
        self.items = items
        self.directory = directory
        self.name = name
        self.ignoreInvalid = ignoreInvalid
    }
}
