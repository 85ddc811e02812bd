import AgentBackupDomain

/// A snapshot as a restore with `--map` sees it: its files under their mapped names, which of
/// them hold paths to rewrite, and the mappings to rewrite them with.
struct MappedSnapshot: Sendable {
    /// The renames, refusals and files to rewrite.
    let plan: PathMappingPlan
    /// The mappings applied.
    let mapper: PathMapper
    /// The manifest under the new names (each with its snapshot entry): what the restore plans.
    let manifest: Manifest
    /// The snapshot path of each renamed file, by its new path.
    private let snapshotPaths: [VirtualPath: VirtualPath]
    /// The files to rewrite, by their new path.
    let rewrites: Set<VirtualPath>

    init(plan: PathMappingPlan, mapper: PathMapper, manifest: Manifest) {
        self.plan = plan
        self.mapper = mapper
        self.manifest = plan.mappedManifest(manifest)
        var sources: [VirtualPath: VirtualPath] = [:]
        for (source, target) in plan.renamedFiles { sources[target] = source }
        snapshotPaths = sources
        rewrites = Set(plan.rewrites.map(plan.destination(of:)))
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
