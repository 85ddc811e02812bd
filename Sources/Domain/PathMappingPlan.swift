/// What a restore with `--map` does to a snapshot's paths, decided before anything is written:
/// which names are renamed (files and folders whose names encode a mapped path), which files
/// must have their contents rewritten, which encoded names cannot be mapped, and which renames
/// collide.
///
/// Pure: it sees the manifest's paths, the adapter's name rules, which files hold paths, the
/// mappings and the paths the snapshot's index files name (`knownPaths`), never the disk.
/// Names and paths are compared as bytes.
public struct PathMappingPlan: Sendable, Equatable {
    /// One encoded name that changes, with every file under it.
    public struct NameRename: Sendable, Equatable {
        /// The virtual path of the renamed entry (`home/projects/-home-alice-app`).
        public var from: String
        /// Its new virtual path (`home/projects/-Users-alice-app`).
        public var to: String
        /// Snapshot files under (or equal to) it.
        public var files: Int
        /// How the new name was found: from a path the snapshot names (exact), or by renaming
        /// the encoded prefix (a name-only guess, used when no file names the full path).
        public var exact: Bool

        public init(from: String, to: String, files: Int, exact: Bool) {
            self.from = from
            self.to = to
            self.files = files
            self.exact = exact
        }
    }

    /// An encoded name that could not be mapped; restored under its old name.
    public struct Unmapped: Sendable, Equatable {
        /// The virtual path of the entry (`home/tmp/9f86d0…`).
        public var path: String
        /// Why, in a sentence.
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Snapshot files that would land on the same path (or a file where a folder must be).
    public struct Collision: Sendable, Equatable {
        /// The path they would share.
        public var target: String
        /// The snapshot paths involved, sorted by bytes.
        public var sources: [String]

        public init(target: String, sources: [String]) {
            self.target = target
            self.sources = sources
        }
    }

    /// Renamed entries, sorted by their old virtual path.
    public let names: [NameRename]
    /// Entries that look like encoded paths but could not be mapped, sorted.
    public let unmapped: [Unmapped]
    /// Refusals: any one means the restore must not run.
    public let collisions: [Collision]
    /// Files (by their snapshot path) whose contents the adapter says hold paths, sorted.
    public let rewrites: [VirtualPath]
    /// The new virtual path of every renamed file, by its snapshot path.
    public let renamedFiles: [VirtualPath: VirtualPath]

    /// Plans the mapping of `paths` (a manifest's validated paths).
    ///
    /// - `rules`: where the adapter's agent encodes paths in names.
    /// - `holdsPaths`: whether a file's contents hold paths (the adapter's path files).
    /// - `knownPaths`: absolute paths named by the snapshot's index files (before mapping);
    ///   their ancestors count too. They turn hashed names back into paths and settle names a
    ///   lossy encoding leaves ambiguous.
    /// - `sha256`: the SHA-256 function for `PathNameEncoding.sha256`.
    public init(
        paths: [VirtualPath], rules: [PathNameRule], holdsPaths: (VirtualPath) -> Bool, mapper: PathMapper,
        knownPaths: [[UInt8]] = [], sha256: ([UInt8]) -> [UInt8]
    ) {
        var namer = EncodedNameMapper(rules: rules, mapper: mapper, knownPaths: knownPaths, sha256: sha256)
        var renamed: [VirtualPath: VirtualPath] = [:]
        // Keyed by the entry's bytes (#14: never by String equality).
        var names: [[UInt8]: NameRename] = [:]
        var unmapped: [[UInt8]: Unmapped] = [:]
        for path in paths {
            guard let found = namer.entry(of: path) else { continue }
            switch namer.fate(of: found) {
            case .unchanged:
                continue
            case .unmapped(let reason):
                unmapped[Array(found.entryPath.utf8)] = Unmapped(path: found.entryPath, reason: reason)
            case .renamed(let newName, let exact):
                let newEntry = found.folder + "/" + String(decoding: newName, as: UTF8.self)
                let rest = path.string.utf8.dropFirst(found.entryPath.utf8.count)
                guard let target = try? VirtualPath(newEntry + String(decoding: rest, as: UTF8.self)) else {
                    unmapped[Array(found.entryPath.utf8)] = Unmapped(path: found.entryPath, reason: "its new name \(VirtualPath.quote(newEntry)) is not a valid path")
                    continue
                }
                renamed[path] = target
                names[Array(found.entryPath.utf8), default: NameRename(from: found.entryPath, to: newEntry, files: 0, exact: exact)].files += 1
            }
        }
        self.names = names.values.sorted { $0.from.utf8.lexicographicallyPrecedes($1.from.utf8) }
        self.unmapped = unmapped.values.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        self.renamedFiles = renamed
        self.rewrites = paths.filter(holdsPaths)
        self.collisions = Self.collisions(paths: paths, renamed: renamed)
    }

    /// True when nothing is renamed and no file holds paths: the restore is an ordinary one.
    public var isEmpty: Bool { names.isEmpty && rewrites.isEmpty }

    /// Where the snapshot file `path` goes (itself when not renamed).
    public func destination(of path: VirtualPath) -> VirtualPath {
        renamedFiles[path] ?? path
    }

    /// The manifest as the restore sees it: every file under its new path, with the entry (hash
    /// and size) the snapshot records for its old one. Only valid when `collisions` is empty.
    public func mappedManifest(_ manifest: Manifest) -> Manifest {
        var files: [VirtualPath: ManifestEntry] = [:]
        files.reserveCapacity(manifest.files.count)
        for (path, entry) in manifest.files {
            files[destination(of: path)] = entry
        }
        return Manifest(timestamp: manifest.timestamp, files: files, origin: manifest.origin)
    }

    /// Files sharing a destination (by bytes: NFC and NFD twins are two files, #14), and a
    /// destination that is a file where another needs a folder. Only conflicts a rename caused
    /// are reported; the restore plan refuses the rest.
    private static func collisions(paths: [VirtualPath], renamed: [VirtualPath: VirtualPath]) -> [Collision] {
        guard !renamed.isEmpty else { return [] }
        var byTarget: [[UInt8]: [VirtualPath]] = [:]
        var folders: [[UInt8]: [VirtualPath]] = [:]
        for path in paths {
            let target = Array((renamed[path] ?? path).string.utf8)
            byTarget[target, default: []].append(path)
            var index = target.startIndex
            while let slash = target[index...].firstIndex(of: UInt8(ascii: "/")) {
                folders[Array(target[..<slash]), default: []].append(path)
                index = slash + 1
            }
        }
        var found: [[UInt8]: Set<VirtualPath>] = [:]
        for (target, sources) in byTarget where sources.count > 1 {
            found[target, default: []].formUnion(sources)
        }
        for (target, sources) in byTarget {
            if let inside = folders[target] {
                found[target, default: []].formUnion(sources + inside)
            }
        }
        return found
            .filter { $0.value.contains { renamed[$0] != nil } }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .map { Collision(target: String(decoding: $0.key, as: UTF8.self), sources: $0.value.sorted().map(\.string)) }
    }
}
