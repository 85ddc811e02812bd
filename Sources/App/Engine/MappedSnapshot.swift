import AgentBackupDomain

/// A snapshot as a restore with `--map` sees it: its files under their mapped names, and for
/// each file that holds paths, the adapter's rule to rewrite it by.
struct MappedSnapshot: Sendable {
    /// The renames, refusals and files to rewrite.
    let plan: PathMappingPlan
    /// The mappings applied.
    let mapper: PathMapper
    /// The manifest under the new names (each with its snapshot entry).
    let manifest: Manifest
    /// The snapshot path of each renamed file, by its new path.
    let snapshotPaths: [VirtualPath: VirtualPath]
    /// The rule of each file to rewrite, by its new path.
    let rewrites: [VirtualPath: PathFileRule]

    init(plan: PathMappingPlan, mapper: PathMapper, manifest: Manifest, rules: [VirtualPath: PathFileRule]) {
        self.plan = plan
        self.mapper = mapper
        self.manifest = plan.mappedManifest(manifest)
        var sources: [VirtualPath: VirtualPath] = [:]
        for (source, target) in plan.renamedFiles { sources[target] = source }
        snapshotPaths = sources
        var rewrites: [VirtualPath: PathFileRule] = [:]
        for (path, rule) in rules { rewrites[plan.destination(of: path)] = rule }
        self.rewrites = rewrites
    }

    /// The path the snapshot stores `path` (a restored, possibly renamed path) under.
    func snapshotPath(of path: VirtualPath) -> VirtualPath {
        snapshotPaths[path] ?? path
    }

    /// The `--json` summary before any file is rewritten.
    var summary: PathMappingSummary {
        PathMappingSummary(
            mappings: mapper.mappings.map(\.description),
            renames: plan.names.map { .init(from: $0.from, to: $0.to, files: $0.files, exact: $0.exact) },
            unmapped: plan.unmapped.map { .init(path: $0.path, reason: $0.reason) })
    }
}

/// What `restore --map` did to names and contents (part of the `restore --json` document).
public struct PathMappingSummary: Sendable, Codable, Equatable {
    /// A renamed file or folder.
    public struct Rename: Sendable, Codable, Equatable {
        /// Its virtual path in the snapshot.
        public var from: String
        /// Its virtual path as restored.
        public var to: String
        /// Files under it.
        public var files: Int
        /// True when a file of the snapshot named the full path; false for a rename of the
        /// encoded prefix alone.
        public var exact: Bool
    }

    /// A file whose contents hold paths.
    public struct Rewrite: Sendable, Codable, Equatable {
        /// Its virtual path as restored.
        public var path: String
        /// Values (and member names) rewritten.
        public var values: Int
        /// Values naming a mapped path in a spelling not rewritten (escapes, block scalars).
        public var leftAlone: Int
        /// JSON Lines lines that were not JSON (or too long) and were copied unread.
        public var unreadLines: Int
        /// Set when the file could not be read in its format: restored as it was.
        public var unreadable: String?
    }

    /// An encoded name that could not be mapped.
    public struct Unmapped: Sendable, Codable, Equatable {
        public var path: String
        public var reason: String
    }

    /// The mappings applied, `FROM=TO`, longest FROM first.
    public var mappings: [String]
    /// Every renamed entry.
    public var renames: [Rename]
    /// Every file with paths in it that was (or, in a dry run, would be) restored, with counts.
    public var rewrites: [Rewrite] = []
    /// Names left as they were.
    public var unmapped: [Unmapped]
}
