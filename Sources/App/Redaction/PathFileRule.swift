import AgentBackupDomain

/// A file of the agent that holds absolute paths, which a restore with `--map` rewrites.
///
/// Every string value of the file that IS a mapped path, or starts with one followed by `/`,
/// is rewritten (a path inside a sentence is prose and stays); member names are rewritten only
/// where `keys` says they are paths (Claude Code's `projects` in `~/.claude.json`).
public struct PathFileRule: Sendable, Equatable, Codable {
    /// Regular expression searched in the virtual path, like `include`.
    public var path: String
    /// How the file is read.
    public var format: PathFileFormat
    /// Regular expression matched against the key path of an object (`projects`; empty text
    /// for the top level, so `^$` means "the top-level keys") whose member NAMES are paths.
    public var keys: String?
    /// The file is an index of the agent's projects (it names the paths its encoded folder
    /// names stand for): a restore reads it before renaming, to turn hashed names back into
    /// paths and to settle names a lossy encoding leaves ambiguous. Keep such files small.
    public var index: Bool

    /// A rule; checked by the adapter's validation.
    public init(path: String, format: PathFileFormat = .auto, keys: String? = nil, index: Bool = false) {
        self.path = path
        self.format = format
        self.keys = keys
        self.index = index
    }
}
