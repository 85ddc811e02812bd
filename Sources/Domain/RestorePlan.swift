/// What a restore does with every file of a snapshot, decided before anything is written:
/// skip it (the local file already has the manifest's hash), download it to a local path, or
/// refuse it; plus, for an exact mirror, which local files to delete.
///
/// Every path is validated (`Manifest.validatedPaths()`: no `..`, absolute path, empty or `.`
/// segment, NUL — SPEC item 1) and must map to a root by its label, or into the target folder.
/// A single refusal means the manifest cannot be trusted: the engine then writes nothing.
public struct RestorePlan: Sendable, Equatable {
    /// Where restored files go.
    public enum Destination: Sendable, Equatable {
        /// Back into the agent's roots, by label.
        case roots([Root])
        /// Into `<folder>/<label>/<path>` (`--target`), whatever the labels.
        case directory(String)
    }

    /// The fate of one snapshot file.
    public enum Action: Sendable, Equatable {
        /// The local file already holds these bytes.
        case skipIdentical
        /// Download, verify, and put in place at this absolute path.
        case download(destination: String)
        /// Not restorable; the whole restore is refused.
        case refuse(reason: String)
    }

    /// One snapshot file and its action.
    public struct Item: Sendable, Equatable {
        /// The validated virtual path.
        public var path: VirtualPath
        /// What the manifest records for it (the hash every download is checked against).
        public var entry: ManifestEntry
        /// Skip, download or refuse.
        public var action: Action

        /// An item; plans make them, tests compare them.
        public init(path: VirtualPath, entry: ManifestEntry, action: Action) {
            self.path = path
            self.entry = entry
            self.action = action
        }
    }

    /// A local file the snapshot does not have, removed by an exact mirror.
    public struct Deletion: Sendable, Equatable {
        /// The local file's virtual path (included by the adapter's rules).
        public var path: VirtualPath
        /// Its absolute local path.
        public var localPath: String

        /// A deletion; plans make them, tests compare them.
        public init(path: VirtualPath, localPath: String) {
            self.path = path
            self.localPath = localPath
        }
    }

    /// Every snapshot file, sorted by virtual path.
    public let items: [Item]
    /// Local files to delete (empty unless a mirror was asked for), sorted by virtual path.
    public let deletions: [Deletion]

    /// Plans the restore of `manifest` into `destination`.
    ///
    /// - `localHashes`: the SHA-256 of the local files that exist at their destination (by
    ///   virtual path); a matching hash skips the download.
    /// - `localFiles`: for an exact mirror (SPEC item 16), the local files the adapter's rules
    ///   include, found under the destination; those the snapshot lacks are deleted. Nil: no mirror.
    ///
    /// Throws `DomainError.invalidPath` when a path is unsafe; other problems become `.refuse` items.
    public init(
        manifest: Manifest, destination: Destination,
        localHashes: [VirtualPath: String] = [:], localFiles: [VirtualPath]? = nil
    ) throws {
        let paths = try manifest.validatedPaths()
        let asFiles = Set(paths)
        // Local paths by their bytes: two names Unicode calls equal are two files here.
        var claimed: [[UInt8]: VirtualPath] = [:]
        var items: [Item] = []
        for path in paths {
            let entry = manifest.files[path]!
            let action: Action
            if let conflict = Self.fileAncestor(of: path, in: asFiles) {
                action = .refuse(reason: "\(path) needs \(conflict) to be a folder, but the snapshot also lists \(conflict) as a file")
            } else {
                switch Self.localPath(for: path, in: destination) {
                case .failure(let refusal):
                    action = .refuse(reason: refusal.reason)
                case .success(let local):
                    if let other = claimed[Array(local.utf8)] {
                        action = .refuse(reason: "\(path) and \(other) would both be written to \(DisplayName.of(local))")
                    } else {
                        claimed[Array(local.utf8)] = path
                        action = localHashes[path] == entry.hash ? .skipIdentical : .download(destination: local)
                    }
                }
            }
            items.append(Item(path: path, entry: entry, action: action))
        }
        self.items = items
        var deletions: [Deletion] = []
        if let localFiles {
            for path in Set(localFiles).sorted() where manifest.files[path] == nil {
                if case .success(let local) = Self.localPath(for: path, in: destination), claimed[Array(local.utf8)] == nil {
                    deletions.append(Deletion(path: path, localPath: local))
                }
            }
        }
        self.deletions = deletions
    }

    /// Why a path has no local destination.
    public struct Refusal: Error, Sendable, Equatable {
        /// Names the path and says what to do (e.g. restore with `--target`).
        public var reason: String
    }

    /// The absolute local path of `path` in `destination`: `<root>/<relative>` for the root with
    /// the path's label (a file root takes only its own basename), `<folder>/<path>` for a folder.
    public static func localPath(for path: VirtualPath, in destination: Destination) -> Result<String, Refusal> {
        switch destination {
        case .directory(let folder):
            let base = LocalPath.trimmed(folder)
            return .success(base + "/" + path.string)
        case .roots(let roots):
            guard let root = roots.first(where: { $0.label.utf8.elementsEqual(path.label.utf8) }) else {
                let labels = roots.map(\.label).joined(separator: ", ")
                return .failure(Refusal(reason: "\(path): its label '\(path.label)' is not a root here (roots: \(labels.isEmpty ? "none" : labels)); restore it with a target folder (--target DIR)"))
            }
            guard let local = root.localPath(for: path) else {
                return .failure(Refusal(reason: "\(path): the root '\(root.label)' is the single file \(root.path), named '\(root.basename)'"))
            }
            return .success(local)
        }
    }

    /// Files to download.
    public var downloads: [Item] {
        items.filter { if case .download = $0.action { return true } else { return false } }
    }

    /// Files refused (any one refuses the restore).
    public var refusals: [Item] {
        items.filter { if case .refuse = $0.action { return true } else { return false } }
    }

    /// Files already identical locally.
    public var skipped: [Item] {
        items.filter { $0.action == .skipIdentical }
    }

    /// The nearest ancestor folder of `path` that the snapshot also lists as a file.
    private static func fileAncestor(of path: VirtualPath, in files: Set<VirtualPath>) -> VirtualPath? {
        let segments = path.segments
        guard segments.count > 2 else { return nil }
        var prefix = segments[0]
        for segment in segments[1..<(segments.count - 1)] {
            prefix += "/" + segment
            let ancestor = VirtualPath(unchecked: prefix)
            if files.contains(ancestor) { return ancestor }
        }
        return nil
    }
}
