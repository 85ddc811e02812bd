/// Which files of an agent's state are backed up, decided on the virtual path
/// (`<label>/<path>`) exactly like the reference engine: `secretExclude` wins, then `exclude`,
/// then a file is kept only when some `include` pattern matches.
public struct PathRules: Sendable {
    /// Patterns a file must match (one of) to be backed up.
    public let include: PatternSet
    /// Patterns that drop a file or prune a directory.
    public let exclude: PatternSet
    /// Patterns for credentials: they drop a file or prune a directory before anything else.
    public let secretExclude: PatternSet
    /// Patterns naming SQLite databases, which need a consistent online snapshot.
    public let sqlite: PatternSet

    /// Compiles all four lists once; a bad pattern throws `.invalidPattern` naming e.g. `exclude[1]`.
    public init(include: [String], exclude: [String], secretExclude: [String], sqlite: [String]) throws {
        self.include = try PatternSet(include, field: "include")
        self.exclude = try PatternSet(exclude, field: "exclude")
        self.secretExclude = try PatternSet(secretExclude, field: "secretExclude")
        self.sqlite = try PatternSet(sqlite, field: "sqlite")
    }

    /// The decision for a regular file at virtual path `path`.
    public func verdict(forFile path: String) -> PathVerdict {
        if secretExclude.matches(path) { return .secret }
        if exclude.matches(path) { return .excluded }
        if include.matches(path) { return .included }
        return .notIncluded
    }

    /// The decision for a regular file at `path`.
    public func verdict(forFile path: VirtualPath) -> PathVerdict {
        verdict(forFile: path.string)
    }

    /// Whether the walk should descend into the directory at virtual path `directory`
    /// (`data/checkpoints`, with or without a trailing slash). Like the reference engine the
    /// path is tested WITH a trailing slash against `exclude` and `secretExclude`, so a pattern
    /// such as `/cache/` prunes a whole tree. `include` is not consulted: a directory that no
    /// include names may still hold included files.
    public func shouldEnter(directory: String) -> Bool {
        let probe = directory.hasSuffix("/") ? directory : directory + "/"
        return !secretExclude.matches(probe) && !exclude.matches(probe)
    }

    /// True when the file at `path` is a SQLite database to snapshot with the online backup API.
    public func isSQLite(_ path: String) -> Bool {
        sqlite.matches(path)
    }

    /// True when the file at `path` is a SQLite database to snapshot with the online backup API.
    public func isSQLite(_ path: VirtualPath) -> Bool {
        sqlite.matches(path.string)
    }
}
