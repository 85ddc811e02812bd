/// What changed between two inventories, by virtual path (compared by UTF-8 bytes). A file is
/// `changed` when its hash differs; a size difference alone is not a change (the hash is
/// authoritative, see `ManifestEntry`). Every list is sorted by UTF-8 bytes.
public struct ManifestDiff: Sendable, Equatable {
    /// In `new`, not in `old`.
    public let added: [VirtualPath]
    /// In both, with different hashes.
    public let changed: [VirtualPath]
    /// In `old`, not in `new`.
    public let deleted: [VirtualPath]
    /// In both, with the same hash.
    public let unchanged: [VirtualPath]

    /// Compares the files of the previous push (`old`) with the current ones (`new`).
    public init(old: [VirtualPath: ManifestEntry], new: [VirtualPath: ManifestEntry]) {
        var added: [VirtualPath] = []
        var changed: [VirtualPath] = []
        var unchanged: [VirtualPath] = []
        for (path, entry) in new {
            if let previous = old[path] {
                if previous.hash == entry.hash { unchanged.append(path) } else { changed.append(path) }
            } else {
                added.append(path)
            }
        }
        let deleted = old.keys.filter { new[$0] == nil }
        self.added = added.sorted()
        self.changed = changed.sorted()
        self.deleted = deleted.sorted()
        self.unchanged = unchanged.sorted()
    }

    /// Compares two manifests; a missing `old` (first push, or its snapshot is gone) makes
    /// every file added.
    public init(old: Manifest?, new: Manifest) {
        self.init(old: old?.files ?? [:], new: new.files)
    }

    /// True when nothing was added, changed or deleted: the push has nothing to do.
    public var isEmpty: Bool {
        added.isEmpty && changed.isEmpty && deleted.isEmpty
    }

    /// Paths whose bytes must be uploaded: added and changed, sorted by UTF-8 bytes.
    public var toUpload: [VirtualPath] {
        (added + changed).sorted()
    }
}
