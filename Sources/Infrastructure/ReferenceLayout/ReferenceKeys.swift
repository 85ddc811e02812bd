import AgentBackupDomain

/// Where the reference layout keeps a snapshot (SPEC "Bucket format"): `<prefix>/<id>/` for a
/// regular snapshot, `<prefix>/safety-<time>/<id>/` for a safety snapshot; each file at
/// `<folder><virtual path>`, the manifest at `<folder>manifest.json`.
struct ReferenceKeys: Sendable, Equatable {
    /// The prefix without a trailing `/` (`goose-backup`).
    let prefix: String

    init(prefix: String) {
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.prefix = trimmed
    }

    /// The listing prefix of the first-level folders: `<prefix>/`.
    var root: String { prefix.isEmpty ? "" : prefix + "/" }

    /// The key prefix of a first-level folder (a snapshot id or a safety folder), ending with `/`.
    func folder(named name: String) -> String { root + name + "/" }

    /// The key prefix of every object of `ref`, ending with `/`.
    func folder(_ ref: SnapshotRef) -> String {
        switch ref.kind {
        case .regular: return folder(named: ref.id.rawValue)
        case .safety(let safety): return folder(named: safety) + ref.id.rawValue + "/"
        }
    }

    /// The manifest object of `ref`.
    func manifest(_ ref: SnapshotRef) -> String { folder(ref) + "manifest.json" }

    /// The object of the file `path` in `ref`.
    func file(_ path: VirtualPath, in ref: SnapshotRef) -> String { folder(ref) + path.string }
}
